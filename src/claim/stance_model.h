/* stance_model.h - the stance model of stance.c: its features and the weights fitted by
 * bench/fit_stance.py (which prints the table to paste here). Data only, included by
 * stance.c alone.
 */
#ifndef OVERLAP_STANCE_MODEL_H
#define OVERLAP_STANCE_MODEL_H

/* Features: the signals (stance.h), with denial and negation split by the claim's own
 * polarity, since "it was a hoax" denies "X happened" but supports "X was a hoax". */
enum {
	X_BIAS, X_COVER, X_BEST, X_LEAD,
	X_DENY_NEAR, X_DENY_DOC, X_DENY_NEAR_NEG, X_DENY_DOC_NEG,
	X_HEDGE_NEAR, X_HEDGE_DOC, X_NEG_FLIP, X_CLAIM_DENY, X_CLAIM_HEDGE,
	X_NUM_MATCH, X_NUM_CLASH, X_DENY_LEAD, X_DENY_LEAD_NEG, X_HEDGE_LEAD, X_NEG_LEAD,
	X_DENY_MENTION, X_DENY_MENTION_NEG, X_NEG_NEAR, X_DENYV_NEAR, X_DENYV_DOC,
	X_NEG_TERM, X_NEG_TERM_NEG, X_NEG_FLIP_NEG, X_CLAIM_NEG_PLAIN, NX
};

/* Linear scores of discusses, supports, denies (rows) over the features (columns); the
 * stance is the highest. Fitted by bench/fit_stance.py --power 0.75 (multinomial logistic
 * regression on the gold-related pairs, classes weighted by (n / 3 n_c)^0.75, L2 0.01, then
 * the supports and denies biases shifted for the best sum of their F1) on the even-numbered
 * stories of dev-news only; the odd-numbered ones give the held-out figures in
 * bench/README.md. Read as: denial words in the document and a claim word under a negation
 * push to denies unless the claim is itself a denial; hedging, in the claim or the
 * document, pushes to discusses; a negative claim against a plain document is denied. */
static const double stn_w[3][NX] = {
	/* discusses */
	{ 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000 },
	/* supports */
	{ 0.584, -0.113, 0.116, 0.143, 0.168, -0.071, 0.260, 0.681, -0.926, -0.363, -0.223, 0.809, -1.353, 0.016, 0.091, 0.205, 0.689, -0.608, 0.432, 0.072, 0.438, -0.020, 0.073, -0.229, -0.412, 0.488, -0.291, -0.199 },
	/* denies */
	{ 0.152, -0.606, -0.268, -0.349, 0.201, 1.359, -0.047, 0.173, -0.681, -0.038, 0.213, 0.828, -1.477, 0.028, -0.164, 0.404, 0.227, -0.395, 0.402, 0.458, 0.094, 0.245, 0.164, -0.478, 0.584, 0.201, -0.141, 0.546 },
};

#endif
