/* test_fact.c - same-fact anchoring (fact.c) on sentences from real news (dev-news):
 * conflicts a reader confirms are found, and the false alarms the sentence-level rule
 * raised on the same stories are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "overlap/fact.h"
#include "overlap/lexicon.h"

static bool conflict(const char *x, const char *y, fct_conflict *out)
{
	fct_ctx *c = fct_new();
	fct_stmt a = {0}, b = {0};
	assert_int_equal(fct_stmt_parse(c, (const uint8_t *)x, strlen(x), 0, (uint32_t)strlen(x), &a), 0);
	assert_int_equal(fct_stmt_parse(c, (const uint8_t *)y, strlen(y), 0, (uint32_t)strlen(y), &b), 0);
	fct_conflict f;
	bool r = fct_polarity_conflict(c, &a, &b, &f);
	if (out)
		*out = f;
	fct_stmt_free(&a);
	fct_stmt_free(&b);
	fct_free(c);
	return r;
}

/* Conflicts a fact-checker confirms (dev-news stories 001, 007, 013, 027). */
static void test_real_conflicts(void **state)
{
	(void)state;
	fct_conflict f;
	assert_true(conflict("Christian Bale will not be playing Steve Jobs after all.",
			     "Christian Bale will slip into a mock turtleneck to play Steve Jobs in "
			     "an upcoming film about the Apple co-founder.", &f));
	assert_int_equal(f.kind, FCT_NEGATION);
	assert_true(f.cue_in_a);
	assert_string_equal(f.what, "play");
	assert_true(conflict("The family, on its \"Free James Foley\" Facebook page, has yet to "
			     "confirm his death.",
			     "Separately, Foley's family confirmed his death in a statement posted on "
			     "a Facebook page.", NULL));
	assert_true(conflict("Macaulay Culkin has Been found dead again.",
			     "Macaulay Culkin is NOT dead.", &f));
	assert_false(f.cue_in_a);
}

/* False alarms of the sentence-level rule on the same stories: none is a conflict. */
static void test_real_traps(void **state)
{
	(void)state;
	/* idiom: "not far" denies nothing */
	assert_false(conflict("The locals living not far from the crater told media they heard "
			      "an explosion, followed by sand and dust.",
			      "People who live near the crater told local media they heard a blast "
			      "they took for an explosion.", NULL));
	/* "not clear" and "yet unclear" say one thing */
	assert_false(conflict("He said it was not clear if the meteorite had disintegrated or "
			      "been buried.",
			      "It is yet unclear whether the meteorite disintegrated on impact or "
			      "became buried, he added.", NULL));
	/* relative clause: the negation is about detection, which the other side never states */
	assert_false(conflict("In February 2013 a meteor that had not previously been detected by "
			      "scientists exploded over Chelyabinsk, injuring more than 1,000 people.",
			      "In February 2013, a meteorite exploded over Chelyabinsk in Central "
			      "Russia, injuring more than 1,000 people.", NULL));
	/* "could not confirm" is a lack of knowledge that a later confirmation updates
	 * (dev-news 023) */
	assert_false(conflict("The Pentagon could not confirm the death of the militant leader "
			      "Ahmed Godane at the time of the strike.",
			      "The Pentagon confirmed the death of the militant leader Ahmed Godane "
			      "on Friday.", NULL));
	/* ", not X" negates a phrase: the strike killed someone (dev-news 032) */
	assert_false(conflict("The airstrike killed a top aide, not the leader of the group.",
			      "The airstrike killed the leader of the group, officials said.", NULL));
	/* "X and not Y" adds, it does not deny X */
	assert_false(conflict("\"All the evidence that we've confirmed on-site corresponds exactly "
			      "with a meteorite and not with any other type of event,\" said Jose "
			      "Millan.",
			      "\"All the evidence that we've confirmed on-site corresponds exactly "
			      "with a meteorite,\" Jose Millan was quoted as saying.", NULL));
	/* the same negation in two spellings */
	assert_false(conflict("Local residents reported hearing a loud boom Saturday night, but "
			      "said they didn't see anything strange in the sky.",
			      "Local residents reported hearing a loud boom on Saturday night, but "
			      "said they did not see anything strange in the sky.", NULL));
	/* a reporting formula */
	assert_false(conflict("The company did not comment on the report.",
			      "The company commented on the report on Friday.", NULL));
	/* attitude clause: a fear asserts nothing */
	assert_false(conflict("Violence after a ceasefire agreement with Boko Haram raises fears "
			      "that the kidnapped Nigerian schoolgirls will not be released.",
			      "Nigeria says it has struck a cease-fire deal with Boko Haram, raising "
			      "hopes that over 200 schoolgirls will be released.", NULL));
	/* a relative "that" before the auxiliary */
	assert_false(conflict("Hunter said at least 10 ISIS fighters have been caught coming "
			      "across the border and there are dozens more that did not get caught.",
			      "At least 10 ISIS fighters have been caught coming across the Mexican "
			      "border in Texas, Hunter continued.", NULL));
	/* a contrast of names */
	assert_false(conflict("The terrorist group said it executed James Foley in retaliation for "
			      "American airstrikes in Iraq, not Syria.",
			      "Militants claimed to have killed an American journalist long held "
			      "captive in Syria in retaliation for US airstrikes in Iraq.", NULL));
	/* a retold hoax is no affirmation */
	assert_false(conflict("It has been only a few months since the last hoax claiming that "
			      "Macaulay Culkin is dead.", "Macaulay Culkin is not dead.", NULL));
	/* two negations in other words */
	assert_false(conflict("However, Babici blamed parents for not educating their children "
			      "properly.",
			      "But Babici is actually blaming parents for failing to educate their "
			      "children properly.", NULL));
	/* a parenthetical aside on the negating side, which affirms the predicate itself */
	assert_false(conflict("Nikolai says he wants to do something that helps people (clearly "
			      "fireman wasn't helping people enough).",
			      "Nikolai added that he would want to do something that helped people.",
			      NULL));
	/* antonyms about two referents ("small asteroid ... 20 meters big") */
	assert_false(conflict("It was a piece of the small asteroid 2014 RC, estimated to be about "
			      "20 meters big.",
			      "It was a piece of the small asteroid 2014 RC, estimated to be about "
			      "20 metres big, or the size of a house.", NULL));
	/* questions never conflict */
	assert_false(conflict("Was Foley not killed?", "Foley was killed by the militants.", NULL));
}

static void test_antonyms_and_context(void **state)
{
	(void)state;
	fct_conflict f;
	assert_true(conflict("Apple shares rose sharply on Friday after the launch.",
			     "Apple shares fell sharply on Friday after the launch.", &f));
	assert_int_equal(f.kind, FCT_ANTONYM);
	/* the same antonyms about different things share no context */
	assert_false(conflict("Apple shares rose sharply on Friday.",
			      "Temperatures in Moscow fell overnight.", NULL));

	fct_ctx *c = fct_new();
	fct_stmt a = {0}, b = {0};
	const char *x = "The crater is 5 meters deep, near the airport.";
	const char *y = "The hole is about 300 meters from the Camino Real Hotel.";
	fct_stmt_parse(c, (const uint8_t *)x, strlen(x), 0, (uint32_t)strlen(x), &a);
	fct_stmt_parse(c, (const uint8_t *)y, strlen(y), 0, (uint32_t)strlen(y), &b);
	const char *px = strstr(x, "5 meters"), *py = strstr(y, "300 meters");
	assert_int_equal(fct_context_shared(c, &a, (uint32_t)(px - x), (uint32_t)(px - x + 8), &b,
					    (uint32_t)(py - y), (uint32_t)(py - y + 10), "meter", 4),
			 0);
	const char *z = "Boko Haram has reportedly killed 13,000 civilians since 2009.";
	const char *w = "Some 2,000 civilians were reportedly killed this year.";
	fct_stmt_parse(c, (const uint8_t *)z, strlen(z), 0, (uint32_t)strlen(z), &a);
	fct_stmt_parse(c, (const uint8_t *)w, strlen(w), 0, (uint32_t)strlen(w), &b);
	const char *pz = strstr(z, "13,000"), *pw = strstr(w, "2,000");
	assert_true(fct_context_shared(c, &a, (uint32_t)(pz - z), (uint32_t)(pz - z + 16), &b,
				       (uint32_t)(pw - w), (uint32_t)(pw - w + 15), "civilian", 4) >= 1);
	fct_stmt_free(&a);
	fct_stmt_free(&b);
	fct_free(c);
}

/* Whether words a and b share a WordNet concept (lex_concepts). */
static bool concepts_meet(lex_ctx *l, const char *a, const char *b)
{
	const uint32_t *x, *y;
	size_t nx = lex_concepts(l, a, strlen(a), &x);
	uint32_t *cx = malloc((nx + 1) * sizeof *cx);
	if (nx)
		memcpy(cx, x, nx * sizeof *cx);
	size_t ny = lex_concepts(l, b, strlen(b), &y); /* may move a's entry, not its ids */
	bool meet = false;
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			meet |= cx[i] == y[j];
	free(cx);
	return meet;
}

static void test_lexicon(void **state)
{
	(void)state;
	lex_ctx *l = lex_new();
	if (lex_has_wordnet(l)) {
		assert_string_equal(lex_lemma(l, "stolen", 6), "steal");
		assert_string_equal(lex_lemma(l, "rose", 4), "rise");
		assert_true(lex_synonyms(l, "kidnapped", 9, "abducted", 8));
		assert_false(lex_synonyms(l, "kidnapped", 9, "released", 8));
	}
	const uint32_t *ids;
	assert_int_equal(lex_concepts(l, "qqqzzx", 6, &ids), 0);
	if (lex_has_wordnet(l)) {
		/* synonyms among the first senses, derivations, inflections: one concept */
		assert_true(concepts_meet(l, "physician", "doctor"));
		assert_true(concepts_meet(l, "infant", "baby"));
		assert_true(concepts_meet(l, "vanished", "disappeared"));
		assert_true(concepts_meet(l, "decided", "decision"));
		assert_true(concepts_meet(l, "user", "use"));
		/* a derivation reaches its word, not that word's synonyms ("use" / "apply") */
		assert_false(concepts_meet(l, "user", "apply"));
		assert_false(concepts_meet(l, "blaze", "doctor"));
		assert_false(concepts_meet(l, "shot", "wounded"));
		/* sorted and distinct */
		size_t n = lex_concepts(l, "stomach", 7, &ids);
		assert_true(n > 0);
		for (size_t k = 1; k < n; k++)
			assert_true(ids[k - 1] < ids[k]);
	}
	assert_true(lex_antonyms(l, "confirmed", 9, "denied", 6));
	assert_true(lex_antonyms(l, "alive", 5, "dead", 4));
	assert_false(lex_antonyms(l, "confirmed", 9, "confirmed", 9));
	assert_false(lex_antonyms(l, "first", 5, "last", 4));
	lex_free(l);
	lex_free(NULL);
	fct_free(NULL);
	fct_stmt_free(NULL);
}

/* Subject, predicate and object of dev-news sentences (fct_svo_read): the spans as text. */
static void svo_is(const char *x, const char *subj, const char *pred, const char *obj_start)
{
	fct_ctx *c = fct_new();
	fct_stmt a = {0};
	assert_int_equal(fct_stmt_parse(c, (const uint8_t *)x, strlen(x), 0, (uint32_t)strlen(x), &a), 0);
	fct_svo v;
	bool found = fct_svo_read(c, &a, &v);
	if (!subj) {
		assert_false(found);
	} else {
		assert_true(found);
		assert_int_equal(v.subj_end - v.subj_start, strlen(subj));
		assert_memory_equal(x + v.subj_start, subj, strlen(subj));
		assert_string_equal(v.predicate, pred);
		assert_memory_equal(x + v.obj_start, obj_start, strlen(obj_start));
	}
	fct_stmt_free(&a);
	fct_free(c);
}

static void test_svo(void **state)
{
	(void)state;
	lex_ctx *l = lex_new();
	bool wn = lex_has_wordnet(l);
	lex_free(l);
	if (!wn)
		skip();
	svo_is("Boko Haram sparked global outrage six months ago by abducting more than 200 "
	       "schoolgirls.", "Boko Haram", "spark", "global outrage");
	svo_is("Jonathan, a Christian from a minority southern tribe, has been criticized for "
	       "ignoring an unwritten party rule.", "Jonathan", "criticize", "for ignoring");
	svo_is("He said Nigerian soldiers would comply with the agreement.", "Nigerian soldiers",
	       "comply", "with the agreement");
	svo_is("Elsewhere, locals said that dozens of suspected Boko Haram gunmen had stormed the "
	       "town of Abadam.", "dozens of suspected Boko Haram gunmen", "storm", "the town");
	svo_is("The government will not attack any Boko Haram strongholds for the moment.",
	       "The government", "attack", "any Boko Haram");
	svo_is("In late April 2024, Nikolai Patrushev, the longtime head of Russia's Security "
	       "Council, chaired a meeting in St. Petersburg.", "Nikolai Patrushev", "chair",
	       "a meeting");
	svo_is("In recent years Kaspersky has expanded its business in Asia.", "Kaspersky",
	       "expand", "its business");
	/* no verb to read */
	svo_is("Abubakar Shekau, the leader of the group.", NULL, NULL, NULL);
}

static bool identity(const char *x, const char *y, fct_conflict *out)
{
	fct_ctx *c = fct_new();
	fct_stmt a = {0}, b = {0};
	assert_int_equal(fct_stmt_parse(c, (const uint8_t *)x, strlen(x), 0, (uint32_t)strlen(x), &a), 0);
	assert_int_equal(fct_stmt_parse(c, (const uint8_t *)y, strlen(y), 0, (uint32_t)strlen(y), &b), 0);
	fct_conflict f;
	bool r = fct_identity_conflict(c, &a, &b, &f);
	if (out)
		*out = f;
	fct_stmt_free(&a);
	fct_stmt_free(&b);
	fct_free(c);
	return r;
}

/* Negated identity (dev-news story 092's shape, other names): a copula, "not" and a full
 * name that ends the clause, against the same name affirmed of a subject sharing a word. */
static void test_identity(void **state)
{
	(void)state;
	fct_conflict f;
	assert_true(identity("So, update: the driver in the photo is definitely not Marta Lindqvist.",
			     "It turns out that one of the passengers who helped the driver was "
			     "Marta Lindqvist.", &f));
	assert_true(f.cue_in_a);
	assert_string_equal(f.what, "marta lindqvist");
	assert_true(identity("The driver in the photo was Marta Lindqvist.",
			     "Her agent said the driver in the photo isn't Marta Lindqvist.", &f));
	assert_false(f.cue_in_a);
	assert_true(identity("The driver in the photo was none other than Marta Lindqvist.",
			     "The driver in the photo was not Marta Lindqvist.", NULL));
	/* two different people */
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "The driver in the photo was Anna Berg.", NULL));
	/* subjects with nothing in common: two roles */
	assert_false(identity("The winner was not Marta Lindqvist.",
			      "The host of the show was Marta Lindqvist.", NULL));
	/* the negation in a relative clause or an aside is not the subject's */
	assert_false(identity("The driver who was not Marta Lindqvist left the photo.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver, who was not Marta Lindqvist, left.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver (who was not Marta Lindqvist) left the photo.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	/* "not only", "not X but Y", a name that goes on, a hedge, a rumour, a question */
	assert_false(identity("The driver in the photo was not only Marta Lindqvist.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist, but her sister.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist's sister.",
			      "The driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "Fans think the driver in the photo was Marta Lindqvist.", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "Rumours that the driver in the photo was Marta Lindqvist spread.", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "Was the driver in the photo Marta Lindqvist?", NULL));
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "You did not know the driver in the photo was Marta Lindqvist.", NULL));
	/* both negated, or both affirmed: agreement */
	assert_false(identity("The driver in the photo was not Marta Lindqvist.",
			      "The driver in the photo is not Marta Lindqvist.", NULL));
	assert_false(identity("The driver in the photo was Marta Lindqvist.",
			      "The driver in the photo is Marta Lindqvist.", NULL));
}

/* A hypothetical or a past prediction on the affirming side states nothing (dev-news 054,
 * 055, 063): "would be resolved" answers no "did not resolve"; "will" still does. */
static void test_hypothetical(void **state)
{
	(void)state;
	assert_false(conflict("The mayor did not resolve the billing dispute with the water board.",
			      "A spokesman said the mayor would resolve the billing dispute with the "
			      "water board.", NULL));
	assert_false(conflict("The new chip should make a fanless laptop possible next year.",
			      "The maker did not make a fanless laptop this year.", NULL));
	assert_true(conflict("The mayor did not resolve the billing dispute with the water board.",
			     "A spokesman said the mayor resolved the billing dispute with the "
			     "water board.", NULL));
	assert_true(conflict("The mayor did not resolve the billing dispute with the water board.",
			     "The mayor will resolve the billing dispute with the water board.", NULL));
}

/* "can't" before a plain verb denies an ability or a permission, not an event (dev-news
 * 029); "did not" before the same verb is a denial. */
static void test_cannot(void **state)
{
	(void)state;
	assert_false(conflict("Police said residents can't take the law into their own hands.",
			      "A crowd of residents took the law into their own hands, police said.",
			      NULL));
	assert_false(conflict("Police said residents cannot take the law into their own hands.",
			      "A crowd of residents took the law into their own hands, police said.",
			      NULL));
	assert_true(conflict("Police said residents did not take the law into their own hands.",
			     "A crowd of residents took the law into their own hands, police said.",
			     NULL));
}

/* A verb negated against the same word used as a noun names an event, it does not state
 * it (dev-news 002, 010, 044): "did not release the names" vs "the release of the names". */
static void test_verb_vs_noun(void **state)
{
	(void)state;
	assert_false(conflict("The minister did not release the names of the suspects in the "
			      "bombing.",
			      "The minister said the release of the names of the suspects could harm "
			      "the inquiry into the bombing.", NULL));
	assert_false(conflict("The surgeons said the finger was not reattached after the accident.",
			      "After the accident, reattachment was impossible for the finger, the "
			      "surgeons said.", NULL));
	assert_true(conflict("The minister did not release the names of the suspects in the "
			     "bombing.",
			     "The minister released the names of the suspects in the bombing.", NULL));
	assert_true(conflict("The surgeons said the finger was not reattached after the accident.",
			     "The surgeons said the finger was reattached after the accident.", NULL));
	/* a noun negated and a noun affirmed still conflict */
	assert_true(conflict("The woman held by the army is not the wife of the rebel leader.",
			     "The army detained the wife of the rebel leader at the border.", NULL));
}

/* A negation bounded by "since" says nothing of the time before (dev-news 001, 028). */
static void test_since(void **state)
{
	(void)state;
	assert_false(conflict("The army has yet to announce any new strikes near the dam since "
			      "Tuesday.",
			      "The army announced two strikes near the dam on Monday.", NULL));
	assert_true(conflict("The army has not announced any strikes near the dam.",
			     "The army announced two strikes near the dam on Monday.", NULL));
}

/* Two names as the patients of one verb are two facts (dev-news 032): an aide killed, or
 * "the right-hand man of X" killed, is no answer to "X has not been killed". */
static void test_other_patient(void **state)
{
	(void)state;
	const char *neg = "Rebel leader Omar Tessaly has not been killed, the army said.";
	assert_false(conflict(neg, "A drone strike killed Idris Kamau, a senior aide to rebel "
			      "leader Omar Tessaly, the army said.", NULL));
	assert_false(conflict(neg, "The right-hand man of Omar Tessaly was killed by a drone "
			      "strike, the army said.", NULL));
	assert_true(conflict(neg, "A drone strike killed rebel leader Omar Tessaly, the army "
			     "said.", NULL));
	assert_true(conflict(neg, "Rebel leader Omar Tessaly was killed by a drone strike, the "
			     "army said.", NULL));
}

/* A quoted clause that names a hoax, and a web address's hyphen-joined words, state
 * nothing (dev-news 027, 072); the same words outside them still do. */
static void test_named_only(void **state)
{
	(void)state;
	const char *neg = "The singer Lena Marsh is not dead, despite a new internet hoax.";
	assert_false(conflict(neg, "It is the third time fans have fallen for the \"Lena Marsh is "
			      "dead\" hoax this year.", NULL));
	assert_false(conflict(neg, "It is the third time fans have fallen for the \xe2\x80\x9cLena "
			      "Marsh is dead\xe2\x80\x9d hoax this year.", NULL));
	assert_true(conflict(neg, "The singer Lena Marsh is dead, a new internet report says.",
			     NULL));
	const char *neg2 = "The paper said a dog did not bite the mayor during the parade.";
	assert_false(conflict(neg2, "The page address reads \"dog-bites-mayor-during-parade\".",
			      NULL));
	assert_true(conflict(neg2, "A dog bit the mayor during the parade, witnesses said.", NULL));
}

/* "nothing" after a preposition is an object, no negation of the next verb (dev-news
 * 116); "nothing" as the subject still negates. */
static void test_pronoun_object(void **state)
{
	(void)state;
	const char *aff = "The cable channel seems to be running the old sitcom slightly faster.";
	assert_false(conflict("Fans noticed that the old sitcom about nothing seems to be running "
			      "slightly faster on the cable channel.", aff, NULL));
	assert_true(conflict("The company said the cable channel is not running the old sitcom "
			     "slightly faster.", aff, NULL));
}

/* "the story that X" tells X, it does not assert it (dev-news 080). */
static void test_story_that(void **state)
{
	(void)state;
	const char *neg = "Reporters in the capital said state TV did not blur the princess in "
			  "the broadcast.";
	assert_false(conflict(neg, "The anchor was among the first to spread the story that state "
			      "TV had blurred the princess in the broadcast.", NULL));
	assert_true(conflict(neg, "The anchor said state TV had blurred the princess in the "
			     "broadcast.", NULL));
}

/* "a strict no phones policy" names a rule, it negates nothing (dev-news 015); "no" with
 * no article before it still negates. */
static void test_no_compound(void **state)
{
	(void)state;
	assert_false(conflict("The memo said a strict no phones or cameras policy was issued at "
			      "the plant until the audit ends.",
			      "Managers issued a strict policy restricting phones and cameras at "
			      "the plant until the audit ends.", NULL));
	assert_true(conflict("The memo said no phones or cameras were allowed at the plant "
			     "until the audit ends.",
			     "Phones and cameras were allowed at the plant until the audit ends, "
			     "the managers said.", NULL));
}

/* A noun after "of" names what is counted, past a hyphen-joined modifier too: "the number
 * of low-level arrests" states no arrest (dev-news 035). */
static void test_of_modifier(void **state)
{
	(void)state;
	const char *neg = "The city police will no longer arrest people for low-level cannabis "
			  "possession.";
	assert_false(conflict(neg, "The city continues to look for ways to cut down on the large "
			      "number of low-level arrests stemming from cannabis possession.", NULL));
	assert_true(conflict(neg, "The city police still arrest people for low-level cannabis "
			     "possession.", NULL));
}

/* Hostile bytes: invalid UTF-8, NULs, empty and out-of-range spans never crash. */
static void test_hostile(void **state)
{
	(void)state;
	fct_ctx *c = fct_new();
	fct_stmt a = {0};
	const uint8_t junk[] = {0xff, 'n', 'o', 't', 0, 0xc3, ' ', 'x', 0xe2, 0x80};
	assert_int_equal(fct_stmt_parse(c, junk, sizeof junk, 0, sizeof junk, &a), 0);
	assert_int_equal(fct_stmt_parse(c, junk, sizeof junk, 5, 2, &a), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(fct_stmt_parse(c, junk, sizeof junk, 0, 100, &a), 0);
	assert_int_equal(a.n, 0);
	fct_conflict f;
	assert_false(fct_polarity_conflict(c, &a, &a, &f));
	assert_false(fct_identity_conflict(c, &a, &a, &f));
	fct_identity id;
	assert_false(fct_identity_read(&a, &id));
	fct_stmt_free(&a);
	fct_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_conflicts),
		cmocka_unit_test(test_real_traps),
		cmocka_unit_test(test_antonyms_and_context),
		cmocka_unit_test(test_lexicon),
		cmocka_unit_test(test_svo),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_hypothetical),
		cmocka_unit_test(test_cannot),
		cmocka_unit_test(test_verb_vs_noun),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_other_patient),
		cmocka_unit_test(test_named_only),
		cmocka_unit_test(test_pronoun_object),
		cmocka_unit_test(test_story_that),
		cmocka_unit_test(test_no_compound),
		cmocka_unit_test(test_of_modifier),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
