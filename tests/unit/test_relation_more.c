/* test_relation_more.c - contradictions of the attribute and date kinds added after
 * test_relation.c grew past its size: a phone number given two ways (relation_phone.c),
 * a day bound to "a speech" on one side and to "spoke" on the other, and to one event
 * with one object (relation_days.c), a title said of "he" after "Mr <name>"
 * (relation_attr.c), a year given as "N years ago" (relation_ago.c), a person introduced
 * by name and denied to exist (fact_exist.c), one name as the subject of a predicate and of
 * its negation (relation.c, fact_svo.c), a value the other document states too in the same
 * words (relation.c, drop_mirrored).
 *
 * Each rule has a case that must be flagged (it fails with the rule off) and traps that
 * must not: two different lines, a number with no phone noun, another event, another
 * verb. The real stages run on two one-paragraph documents from two sources (tok_run,
 * clm_build with stemming, rel_contradictions), as in test_relation.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rel_mini.h"
#include "overlap/claim.h"
#include "overlap/err.h"
#include "overlap/relation.h"
#include "overlap/tokenize.h"



/* ---- phone numbers ---- */

static const char *const helpline =
	"Anyone with information about the dog is urged to contact the Tervala animal "
	"charity's helpline at 03000 999 999 before the end of the month.";

/* One number with a digit dropped (shape of dev-news 050, the Scottish SPCA helpline). */
static void test_phone_slip(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, helpline,
		 "Anyone with any information about the case is being asked to contact the "
		 "Tervala animal charity helpline at 0300 999 999.");
	assert_int_equal(count_kind(&m, REL_ATTRIBUTE), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_ATTRIBUTE) {
			const char *tb = (const char *)m.cd[1].text;
			assert_memory_equal(tb + m.x[i].vb_start, "0300 999 999", 12);
			assert_int_equal(m.x[i].vb_end - m.x[i].vb_start, 12);
			assert_non_null(strstr(m.x[i].about, "helpline"));
		}
	mini_free(&m);
	/* two neighbours swapped */
	expect_kind("Readers can call the Tervala fraud hotline on 0800 123 4567 to report "
		    "the scam to the council.",
		    "Readers who spot the scam can call the Tervala fraud hotline on 0800 123 4576 "
		    "to report it to the council.",
		    REL_ATTRIBUTE, 1);
}

/* Not a slip: two lines (more than one digit apart), the same number, a number without a
 * phone noun (a reference), a document that gives both numbers, and one number with and
 * without its trunk prefix. */
static void test_phone_traps(void **state)
{
	(void)state;
	expect_kind(helpline,
		    "Anyone with any information about the case is being asked to contact the "
		    "Tervala animal charity helpline at 0800 123 456.",
		    REL_ATTRIBUTE, 0);
	expect_kind(helpline,
		    "Anyone with any information about the case is being asked to contact the "
		    "Tervala animal charity helpline at 03000 999 999.",
		    REL_ATTRIBUTE, 0);
	expect_kind("The Tervala animal charity registered the case under reference 03000 "
		    "999 999 before the end of the month.",
		    "The Tervala animal charity registered the case under reference 0300 999 999 "
		    "before the end of the month.",
		    REL_ATTRIBUTE, 0);
	expect_kind(helpline,
		    "Anyone with any information is asked to contact the Tervala animal charity "
		    "helpline at 0300 999 999 or its old helpline at 03000 999 999.",
		    REL_ATTRIBUTE, 0);
	/* one number with and without its trunk prefix */
	expect_kind("Readers can call the Tervala fraud hotline on 1-800-273-8255 to report "
		    "the scam to the council.",
		    "Readers who spot the scam can call the Tervala fraud hotline on 800-273-8255 "
		    "to report it to the council.",
		    REL_ATTRIBUTE, 0);
}

/* Odd digit runs after phone nouns never crash and never pass for numbers: too many
 * digits, a lone "+", separators at the ends, a run cut by the end of the text. */
static void test_phone_hostile(void **state)
{
	(void)state;
	mini m;
	mini_run(&m,
		 "Call the helpline at 0300 999 999 999 999 999 999 999 or the hotline on +. "
		 "The phone line 1.2.3.4.5.6.7.8-- is open. Ring the hotline on -0300-999-999- now.",
		 "Call the helpline at 0300 999 999 999 999 999 999 99 or the hotline on ++1. "
		 "The phone line 1.2.3.4.5.6.7.9-- is open. Ring the hotline on 0300 9");
	for (size_t i = 0; i < m.nx; i++)
		assert_null(strchr(m.x[i].reason, '\n'));
	assert_int_equal(count_kind(&m, REL_ATTRIBUTE), 0);
	mini_free(&m);
}

/* ---- a day bound to a speech and to "spoke" ---- */

/* "spoke at the opening ... on Friday" vs "Sunday during a speech opening" (shape of
 * dev-news 072): the noun and its verb name one event. Traps: another event noun near
 * the other day, and another verb. */
static void test_days_speech(void **state)
{
	(void)state;
	static const char *sunday =
		"A clip made it look as if Mayor Ivo Tervala got an angry reception from a crowd "
		"Sunday during a speech opening a new bridge over the river in Helsinki.";
	expect_kind("Mayor Ivo Tervala spoke at the opening of the bridge in Helsinki on "
		    "Friday.",
		    sunday, REL_DATE, 1);
	expect_kind("Mayor Ivo Tervala sang at the opening of the bridge in Helsinki on "
		    "Friday.",
		    sunday, REL_DATE, 0);
	expect_kind("Mayor Ivo Tervala spoke at the opening of the bridge in Helsinki on "
		    "Friday.",
		    "A clip made it look as if Mayor Ivo Tervala got an angry reception from a "
		    "crowd Sunday during a concert near a new bridge over the river in Helsinki.",
		    REL_DATE, 0);
}

/* The event's object shared stands for one shared word: "spoke at the dedication of a
 * bridge ... on Friday" / "Sunday during a speech opening a bridge" (shape of dev-news 072
 * b2174/b692). Trap: the same words shared, but the speech has no object. */
static void test_days_event_object(void **state)
{
	(void)state;
	expect_kind("Mayor Ivo Tervala spoke at the dedication of a bridge in Helsinki on Friday.",
		    "A clip made it look as if Mayor Ivo Tervala got an angry reception from a "
		    "crowd Sunday during a speech opening a bridge.",
		    REL_DATE, 1);
	expect_kind("Mayor Ivo Tervala spoke at the dedication of a bridge by the river in "
		    "Helsinki on Friday.",
		    "A clip made it look as if Mayor Ivo Tervala got an angry reception from a "
		    "crowd by the river Sunday during a speech.",
		    REL_DATE, 0);
}

/* ---- a title said of "he" ---- */

static const char *const assistant =
	"Assistant executive engineer A.K Markov went on leave in 1990 after joining the public "
	"works department a decade earlier.";

/* "He had risen to the rank of executive engineer by 1990" after a sentence naming "Mr
 * Markov" (shape of dev-news 058 b225): the title of Markov at the year both give. Traps:
 * a rank reached in another year, and a pronoun after another person. */
static void test_pronoun_title(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, assistant,
		 "Mr Naidu said in a statement that Mr Markov joined the public works "
		 "department in 1980.\n\nHe had risen to the rank of executive engineer by 1990, "
		 "when he went on leave from the department.");
	assert_int_equal(count_kind(&m, REL_ATTRIBUTE), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_ATTRIBUTE) {
			const char *tb = (const char *)m.cd[1].text;
			assert_memory_equal(tb + m.x[i].vb_start, "executive engineer", 18);
			assert_non_null(strstr(m.x[i].reason, "read as Markov"));
		}
	mini_free(&m);
	/* a plain "He is a ..." compares at any time */
	expect_kind(assistant,
		    "Officials said Mr Markov was dismissed from the public works department.\n\n"
		    "He is an executive engineer who went on leave in 1990 from the department.",
		    REL_ATTRIBUTE, 1);
	/* promoted in another year: he was an assistant before */
	expect_kind(assistant,
		    "Mr Naidu said in a statement that Mr Markov joined the public works "
		    "department in 1980.\n\nHe was promoted to executive engineer in 1995, five "
		    "years after he went on leave from the department.",
		    REL_ATTRIBUTE, 0);
	/* "he" after another person */
	expect_kind(assistant,
		    "Markov went on leave in 1990, said Mr Naidu of the public works "
		    "department.\n\nHe had risen to the rank of executive engineer by 1990, when "
		    "he took charge of the department.",
		    REL_ATTRIBUTE, 0);
}

/* ---- "N years ago" ---- */

/* Contradictions of kind between a (undated) and b, b published on 8 January 2015. */
static size_t count_ago(const char *a, const char *b, int kind)
{
	mini m;
	mini_run(&m, a, b);
	m.cd[1].year = 2015;
	m.cd[1].month = 1;
	m.cd[1].day = 8;
	free(m.x);
	assert_int_equal(rel_contradictions(m.claims, m.cd, 2, &m.x, &m.nx), 0);
	size_t n = count_kind(&m, kind);
	mini_free(&m);
	return n;
}

/* "Charges were clearly established six years ago" in an article of 2015 (2009) vs "the
 * inquiry report, establishing the charges was submitted in July, 2007" (shape of
 * dev-news 058 b829/b932). Traps: a year off by one (counted loosely), "about six years
 * ago", another verb, and no publication date. */
static void test_years_ago(void **state)
{
	(void)state;
	static const char *y2007 = "The inquiry report establishing the charges was submitted in "
				   "July, 2007, the Tervala ministry said of Markov.";
	assert_int_equal(count_ago(y2007,
				   "Charges were clearly established against Markov six years ago, "
				   "the Tervala ministry said in its release.",
				   REL_DATE),
			 1);
	assert_int_equal(count_ago(y2007,
				   "Charges were clearly established against Markov seven years "
				   "ago, the Tervala ministry said in its release.",
				   REL_DATE),
			 0);
	assert_int_equal(count_ago(y2007,
				   "Charges were clearly established against Markov about six years "
				   "ago, the Tervala ministry said in its release.",
				   REL_DATE),
			 0);
	assert_int_equal(count_ago(y2007,
				   "Charges were clearly dropped against Markov six years ago, the "
				   "Tervala ministry said in its release.",
				   REL_DATE),
			 0);
	expect_kind(y2007,
		    "Charges were clearly established against Markov six years ago, the Tervala "
		    "ministry said in its release.",
		    REL_DATE, 0);
}

/* ---- a person introduced by name, and denied to exist (fact_exist.c) ---- */

static const char *const kelly_denied =
	"Internet provider Comcast is based in Philadelphia. \"The chat room evidence is not "
	"accurate,\" Douglas said. \"We have found no evidence that these conversations took "
	"place, nor do we employ a Security Assurance team member named Kelly.\"";

/* Shape of dev-news 100: the customer spoke to an agent named Kelly; Comcast employs no
 * team member of that name. The roles are worded apart; the name is the fact. */
static void test_exist_denied(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, "Internet provider Comcast is based in Philadelphia. The next day the "
		     "customer called Comcast and spoke to another agent named Kelly who "
		     "repeated the warning about Tor.",
		 kelly_denied);
	assert_int_equal(count_kind(&m, REL_POLARITY), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_POLARITY)
			assert_string_equal(m.x[i].about, "kelly");
	mini_free(&m);
	expect_kind("Internet provider Comcast is based in Philadelphia. One Comcast "
		    "representative, identified only as Kelly, warned a customer over his use "
		    "of Tor software.",
		    kelly_denied, REL_POLARITY, 1);
}

/* Not a conflict: another name; a person who names no role ("a woman named ...") against
 * a role denied ("no wife named ...", dev-news 013); a negation of another verb (an act
 * denied, not the person); "named" as a verb after a definite subject. */
static void test_exist_traps(void **state)
{
	(void)state;
	expect_kind("Internet provider Comcast is based in Philadelphia. The next day the "
		    "customer called Comcast and spoke to another agent named Jeremy who "
		    "repeated the warning about Tor.",
		    kelly_denied, REL_POLARITY, 0);
	expect_kind("The Iraqi interior ministry of Baghdad stated bluntly on Tuesday, \"There "
		    "is no wife named Saja al-Dulaimi.\"",
		    "A woman named Saja al-Dulaimi was reportedly on the list of prisoners freed "
		    "by Damascus in March.",
		    REL_POLARITY, 0);
	expect_kind("Internet provider Comcast is based in Philadelphia. The customer in "
		    "Boston never wrote to an agent named Kelly about the Tor browser.",
		    "Internet provider Comcast is based in Philadelphia. Comcast hired an agent "
		    "named Kelly in Boston to answer questions about the Tor browser.",
		    REL_POLARITY, 0);
	expect_kind("Internet provider Comcast is based in Philadelphia. The Comcast board "
		    "named Kelly Smith chief executive of the Tor unit in Boston.",
		    "Internet provider Comcast is based in Philadelphia. \"We do not employ a "
		    "manager named Kelly Smith in the Tor unit in Boston,\" Comcast said.",
		    REL_POLARITY, 0);
}

/* ---- one name as the subject of a predicate and of its negation (relation.c) ---- */

static const char *const monitors =
	"Internet provider Comcast is based in Philadelphia. Comcast already monitors its "
	"customers internet usage to prevent them from downloading pirated media in violation "
	"of copyright laws.";

/* Shape of dev-news 100: the two sentences share little besides the actor, the verb and
 * the customers (claim keys 0.15 apart), and say opposite things of one actor. */
static void test_name_subject(void **state)
{
	(void)state;
	expect_kind("Internet provider Comcast is based in Philadelphia. Comcast doesn't "
		    "monitor our customer's browser software, web surfing or online history.",
		    monitors, REL_POLARITY, 1);
}

/* Not a conflict: another actor, an actor named in other words, another object. */
static void test_name_subject_traps(void **state)
{
	(void)state;
	expect_kind("Internet provider Verizon is based in New York. Verizon doesn't monitor "
		    "its customers browser software, web surfing or online history.",
		    monitors, REL_POLARITY, 0);
	expect_kind("Internet provider Comcast is based in Philadelphia. The company doesn't "
		    "monitor its customers browser software, web surfing or online history.",
		    monitors, REL_POLARITY, 0);
	expect_kind("Internet provider Comcast is based in Philadelphia. Comcast doesn't "
		    "monitor the phone calls of its own engineers in Denver.",
		    monitors, REL_POLARITY, 0);
}

/* ---- a value the other side states too ---- */

/* Two ages in one list, read against each other across two reports (shape of dev-news
 * 016: "Abu Hussain Al-Britani, 20, ... Abu Abdullah al-Britani, 23"): the other report
 * gives the same age in the same words, so the two do not disagree. Control: one age
 * changed, and the other report does not state it. */
static const char *const suspects =
	"The Mirror reported that Abu Hussain Al-Britani, 20, a computer hacker from "
	"Birmingham, and Abu Abdullah al-Britani, 23, from Portsmouth, are also being "
	"investigated by the police.";

static void test_mirrored_value(void **state)
{
	(void)state;
	expect_kind("Abdel-Majed Abdel Bary, 23, a former rapper from London, Abu Hussain "
		    "Al-Britani, 20, a computer hacker from Birmingham, and Abu Abdullah "
		    "al-Britani, in his 20s, from Portsmouth, are also being investigated by the "
		    "police.",
		    suspects, REL_QUANTITY, 0);
	mini m;
	mini_run(&m, "Also under investigation are Abu Hussain Al-Britani, 25, a computer hacker "
		     "from Birmingham, and Abu Abdullah al-Britani, in his 20s, from Portsmouth.",
		 suspects);
	size_t n = count_kind(&m, REL_QUANTITY);
	mini_free(&m);
	assert_true(n >= 1);
}

/* Two copies of one article that gives two dates for two events contradict nothing: each
 * date of one copy stands in the other in the same words. Control: one date changed in
 * one copy. */
static const char *const plant =
	"Tervala Networks opened its first plant in Austin in April 2021, the company said. "
	"Tervala Networks opened its second plant in Austin in June 2024, the company said.";

static void test_mirrored_copy(void **state)
{
	(void)state;
	expect_kind(plant, plant, REL_DATE, 0);
	expect_kind(plant,
		    "Tervala Networks opened its first plant in Austin in April 2021, the "
		    "company said. Tervala Networks opened its second plant in Austin in "
		    "June 2023, the company said.",
		    REL_DATE, 1);
}

/* A figure's reason names what is counted in the reader's word, not its stem
 * ("the same package", not "packag"). */
static void test_reason_word(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, "Congress had approved a long-delayed $60 billion aid package to Ukraine, "
		     "officials in Washington said on Saturday.",
		 "Congress had approved a long-delayed $45 billion aid package to Ukraine, "
		 "officials in Washington said on Saturday.");
	bool found = false;
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_QUANTITY) {
			found = true;
			assert_non_null(strstr(m.x[i].reason, "the same package"));
		}
	mini_free(&m);
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_slip),
		cmocka_unit_test(test_phone_traps),
		cmocka_unit_test(test_phone_hostile),
		cmocka_unit_test(test_days_speech),
		cmocka_unit_test(test_days_event_object),
		cmocka_unit_test(test_pronoun_title),
		cmocka_unit_test(test_years_ago),
		cmocka_unit_test(test_exist_denied),
		cmocka_unit_test(test_exist_traps),
		cmocka_unit_test(test_name_subject),
		cmocka_unit_test(test_name_subject_traps),
		cmocka_unit_test(test_mirrored_value),
		cmocka_unit_test(test_mirrored_copy),
		cmocka_unit_test(test_reason_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
