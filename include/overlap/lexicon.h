/* lexicon.h - what words mean, for comparing two statements: base forms (lemmas) and
 * synonyms from WordNet (Princeton WordNet 3.0, Debian wordnet-base), and antonyms as a
 * short table of state pairs (confirm/deny, alive/dead, rise/fall) matched on lemmas.
 *
 * Lookups are cached per context (news repeats a small vocabulary; a WordNet lookup is a
 * binary search over its index files, a cached one a hash probe). WordNet's C library
 * keeps global state, so lookups are serialised by one lock inside lexicon.c; one context
 * per thread keeps the caches apart. When the WordNet files are missing, lemmas are the
 * words themselves and only the built-in table answers (lex_has_wordnet says which).
 * It does not tokenise, stem or decide what a statement is about (fact.c does).
 *
 * Ownership: a lex_ctx owns its cache; strings it returns live until lex_free().
 */
#ifndef OVERLAP_LEXICON_H
#define OVERLAP_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lex_ctx lex_ctx;

/* New context. Never NULL (aborts on OOM like xmalloc). Free with lex_free(). */
lex_ctx *lex_new(void);

void lex_free(lex_ctx *c); /* NULL is a no-op */

/* Whether WordNet's files were found (else only the built-in table answers). */
bool lex_has_wordnet(const lex_ctx *c);

/* Base form of the normalised (lower-case) word w[0..n): "stolen" -> "steal", "rose" ->
 * "rise", "dead" -> "dead"; the verb reading first, then noun, adjective. Words WordNet
 * does not know come back as themselves. @return a NUL-terminated string owned by c. */
const char *lex_lemma(lex_ctx *c, const char *w, size_t n);

/* Whether WordNet knows the normalised word as a verb or a verb form ("killed", "agreed",
 * "report"); false without WordNet. */
bool lex_is_verb(lex_ctx *c, const char *w, size_t n);

/* Whether w[0..n) is a verb form that shows it is one: an "-ed" form, or another form
 * whose lemma differs ("took", "rose"), not an "-s" or "-ing" form (which are as often
 * nouns: "reports", "meeting"). For the verb a day or a denial points at. */
bool lex_inflected_verb(lex_ctx *c, const char *w, size_t n);

/* Whether the two normalised words have one lemma or share a WordNet synset among their
 * first senses ("kidnap"/"abduct", "chief"/"head"). Equal words are synonyms. */
bool lex_synonyms(lex_ctx *c, const char *a, size_t na, const char *b, size_t nb);

/* WordNet concepts of the normalised word w[0..n), for matching one idea in other words:
 * the synsets of its first two senses in each part of speech (only the first of a word
 * with very many senses there, "take", "make"), its own form in each, and the word forms
 * its derivation pointers lead to ("steal" reaches "stealing", "decide" reaches
 * "decision"; "user" reaches "use" but not its synonym "apply"), as sorted distinct ids.
 * Two words sharing an id are synonyms or derivations of one another. @return their
 * number, and *ids (borrowed from c, valid until lex_free); 0 (and *ids NULL) without
 * WordNet or for a word it does not know. */
size_t lex_concepts(lex_ctx *c, const char *w, size_t n, const uint32_t **ids);

/* Whether the two normalised words are antonyms: their lemmas form a pair of the built-in
 * table ("confirmed"/"denied", "rose"/"fell", "alive"/"dead", "genuine"/"fake"). */
bool lex_antonyms(lex_ctx *c, const char *a, size_t na, const char *b, size_t nb);

#endif
