/* inputs.c - what the commands read besides the corpus itself: the default corpus/ when
 * no PATH is given, and a --pairs file (read here, so the engine opens no file but the
 * corpus's). It prints only the one line of a missing corpus/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "overlap/mem.h"

static const char *default_paths[] = { "corpus" };

int cli_inputs_or_corpus(const char *const **paths, size_t *npaths, const char *verb)
{
	if (*npaths)
		return -1;
	struct stat st;
	if (stat("corpus", &st) != 0) {
		fprintf(stderr, "overlap: corpus: not found; give files or folders to %s\n", verb);
		return EXIT_FAIL;
	}
	*paths = default_paths;
	*npaths = 1;
	return -1;
}

void cli_pairs_free(struct cli_pairs *pf)
{
	for (size_t i = 0; i < 2 * pf->n; i++)
		free(pf->keys[i]);
	free(pf->keys);
	free(pf->lines);
	memset(pf, 0, sizeof *pf);
}

int cli_pairs_read(const char *path, struct cli_pairs *pf, err_ctx *e)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, OVL_EIO, path, "cannot open pairs file");
	char *line = NULL;
	size_t lcap = 0, lineno = 0, cap = 0;
	int rc = 0;
	while (getline(&line, &lcap, f) >= 0) {
		lineno++;
		char *save = NULL;
		char *x = strtok_r(line, " \t\r\n", &save);
		if (!x || x[0] == '#')
			continue;
		char *y = strtok_r(NULL, " \t\r\n", &save);
		if (!y) {
			rc = err_set(e, OVL_EINPUT, path, "line %zu: expected two documents", lineno);
			break;
		}
		if (pf->n == cap) {
			cap = cap ? 2 * cap : 16;
			pf->keys = xrealloc(pf->keys, 2 * cap * sizeof *pf->keys);
			pf->lines = xrealloc(pf->lines, cap * sizeof *pf->lines);
		}
		pf->keys[2 * pf->n] = xstrdup(x);
		pf->keys[2 * pf->n + 1] = xstrdup(y);
		pf->lines[pf->n++] = lineno;
	}
	free(line);
	fclose(f);
	if (rc < 0)
		cli_pairs_free(pf);
	return rc;
}
