/* similarity_ids.c - a document's id made unique by the folders above it (similarity.h).
 *
 * Two files "a/x.txt" and "b/x.txt" both have the id "x"; the later one, and the earlier
 * one when it is renamed too, become "a/x" and "b/x": the fewest folders that make the
 * id unique. The id table itself is the caller's (similarity.c, dist_docs.c); this file
 * only builds the names and asks the caller's table. It reads and writes no file.
 */
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "overlap/similarity.h"

char *sim_folder_qualified_id(const char *path, const char *id, size_t k)
{
	const char *end = strrchr(path, '/');
	if (!end)
		return NULL;
	const char *start = end;
	for (size_t i = 0; i < k; i++) {
		while (start > path && start[-1] == '/')
			start--;
		if (start == path)
			return NULL;
		while (start > path && start[-1] != '/')
			start--;
	}
	return xasprintf("%.*s/%s", (int)(end - start), start, id);
}

long sim_qualify_id(sim_doc *sd, uint32_t idx, long (*insert)(void *ud, uint32_t idx),
		    void *ud)
{
	const char *slash = strrchr(sd->id, '/');
	char *base = xstrdup(slash ? slash + 1 : sd->id);
	long prev = 0;
	for (size_t k = 1; prev >= 0; k++) {
		char *qid = sim_folder_qualified_id(sd->path, base, k);
		if (!qid)
			break;
		free(sd->id);
		sd->id = qid;
		prev = insert(ud, idx);
		if (prev == (long)idx)
			prev = -1;
	}
	free(base);
	return prev;
}
