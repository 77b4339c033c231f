/* mem.h - allocation that never returns NULL, and small growable-buffer helpers.
 *
 * Running out of memory is not an input error: xmalloc and friends print the size that
 * failed to stderr and abort, so ENOMEM is never threaded through the engine (Redis
 * zmalloc, jq jv_alloc). Bad input is still reported through error codes (err.h).
 */
#ifndef OVERLAP_MEM_H
#define OVERLAP_MEM_H

#include <stddef.h>

void *xmalloc(size_t nbytes);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t nbytes);
/* NUL-terminated copy of s (xstrdup) or of its first n bytes (xstrndup). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string, caller frees. */
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Grow *p (of element size elsz, capacity *cap) so it holds at least need elements.
 * Capacity grows geometrically; overflow aborts like an allocation failure. */
void xgrow(void **p, size_t *cap, size_t need, size_t elsz);
#define XGROW(ptr, cap, need) xgrow((void **)&(ptr), &(cap), (need), sizeof(*(ptr)))

/* One array of the nparts arrays parts[i] (n[i] elements of elsz bytes each) in order,
 * freeing each part: the per-item results of a pool_for run joined in item order. *total
 * gets the element count; NULL when it is 0. */
void *xjoin(void **parts, const size_t *n, size_t nparts, size_t elsz, size_t *total);

/* The same for arrays that grow to many megabytes and are filled front to back (one
 * signature or sample per document). On Linux they are mapped directly, grown by mremap
 * (no copy) and backed by transparent huge pages where the system allows: one page fault
 * per 2 MiB instead of per 4 KiB, which was ~5% of the sketch pass on a VM. Elsewhere
 * they are xgrow arrays. Free with xbig_free (same cap and element size), never free(). */
void xbig_grow(void **p, size_t *cap, size_t need, size_t elsz);
void xbig_free(void *p, size_t cap, size_t elsz);
/* Give back what lies past the first keep elements of such an array (*cap becomes at least
 * keep; the pointer does not move): for a scratch array whose tail is no longer needed. */
void xbig_shrink(void *p, size_t *cap, size_t keep, size_t elsz);
#define XBIG_GROW(ptr, cap, need) xbig_grow((void **)&(ptr), &(cap), (need), sizeof(*(ptr)))
#define XBIG_FREE(ptr, cap) xbig_free((ptr), (cap), sizeof(*(ptr)))
#define XBIG_SHRINK(ptr, cap, keep) xbig_shrink((ptr), &(cap), (keep), sizeof(*(ptr)))

#endif
