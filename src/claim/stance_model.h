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
	X_NEG_TERM, X_NEG_TERM_NEG, X_NEG_FLIP_NEG, X_CLAIM_NEG_PLAIN,
	X_ATTRIB_NEAR, X_ATTRIB_DOC, NX
};

/* Linear scores of discusses, supports, denies (rows) over the features (columns); the
 * stance is the highest. Fitted by bench/fit_stance.py --power 0.75 (multinomial logistic
 * regression on the gold-related pairs, classes weighted by (n / 3 n_c)^0.75, L2 0.01, then
 * the supports and denies biases shifted for the best sum of their F1) on the even-numbered
 * stories of dev-news only; the odd-numbered ones give the held-out figures in
 * bench/README.md. Read as: denial words in the document and a claim word under a negation
 * push to denies unless the claim is itself a denial; hedging, in the claim or the
 * document, pushes to discusses, and so do attribution and doubt words ("according to",
 * sources, believed: -0.46 / -0.86 to supports for attrib_near / attrib_doc); a negative claim
 * against a plain document is denied. */
static const double stn_w[3][NX] = {
	/* discusses */
	{ 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000 },
	/* supports */
	{ 0.568, 0.132, 0.190, 0.084, 0.105, -0.383, 0.328, 0.743, -0.890, -0.455, -0.350, 0.709, -1.380, -0.025, 0.085, 0.242, 0.998, -0.591, 0.321, -0.032, 0.372, 0.129, 0.093, -0.071, -0.290, 0.407, -0.145, -0.282, -0.468, -0.916 },
	/* denies */
	{ 0.140, -0.490, -0.252, -0.375, 0.268, 1.382, 0.019, 0.246, -0.735, -0.204, 0.224, 1.024, -1.461, 0.038, -0.119, 0.732, 0.526, -0.464, 0.139, 0.684, 0.252, 0.222, 0.170, -0.292, 0.529, 0.341, -0.192, 0.678, -0.257, -0.645 },
};

#endif
