/* corpus_batch.c - small regular files read CRP_BATCH_FILES at a time through io_uring.
 *
 * Opening, reading and closing a 4 KB article costs four system calls of ~1.2 us each on
 * a VM (open, fstat, read, close: 40% of the sketch pass on a folder of articles); here
 * the files of one batch are opened in one submission and read and closed in a second.
 * A file that fills its CRP_BATCH_BUF bytes, or fails anywhere, is left out of the batch
 * (len -1) and the reader reads it the usual way, with the usual warnings, so documents
 * and warnings are the same with or without batches. It does not choose the files (the
 * reader names them) and never warns. Without liburing every batch is empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef OVL_HAVE_URING
#include <liburing.h>
/* Memcheck cannot see the kernel fill buffers through the ring: tell it (a no-op outside
 * valgrind; only where valgrind's header is installed, as it is for scripts/test.sh). */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define OVL_MARK_DEFINED(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#endif
#endif
#endif
#ifndef OVL_MARK_DEFINED
#define OVL_MARK_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#include "corpus_int.h"
#include "overlap/mem.h"

#ifdef OVL_HAVE_URING
/* Submit what is queued and reap `want` completions: res[user_data] = result.
 * @return false when the ring failed (the caller gives up batching). */
static bool ring_run(struct io_uring *ring, unsigned want, int32_t *res, size_t nres)
{
	int rc;
	do
		rc = io_uring_submit(ring);
	while (rc == -EINTR);
	if (rc < 0 || (unsigned)rc != want)
		return false;
	unsigned got = 0;
	while (got < want) {
		struct io_uring_cqe *cqe;
		do
			rc = io_uring_wait_cqe(ring, &cqe);
		while (rc == -EINTR); /* a signal while waiting: the operations go on */
		if (rc != 0)
			return false;
		if (cqe->user_data < nres)
			res[cqe->user_data] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		got++;
	}
	return true;
}
#endif

bool crp_batch_ready(crp_batch *b, bool off)
{
#ifdef OVL_HAVE_URING
	if (b->state == 0) {
		b->state = -1;
		if (!off && io_uring_queue_init(2 * CRP_BATCH_FILES, &b->ring, 0) == 0) {
			b->buf = xmalloc(CRP_BATCH_FILES * CRP_BATCH_BUF);
			b->state = 1;
			b->ring_up = true;
		}
	}
	return b->state == 1;
#else
	(void)b;
	(void)off;
	return false;
#endif
}

bool crp_batch_holds(const crp_batch *b, size_t i)
{
	return i >= b->first && i < b->first + b->n;
}

void crp_batch_load(crp_batch *b, size_t first, size_t n, const int *dirfd,
		    const char *const *name)
{
#ifdef OVL_HAVE_URING
	int32_t fd[CRP_BATCH_FILES], res[2 * CRP_BATCH_FILES];
	unsigned nopen = 0;
	b->first = first;
	b->n = n;
	/* round 1: open every named file */
	for (size_t k = 0; k < n; k++) {
		b->len[k] = -1;
		fd[k] = -1;
		res[k] = -1;
		if (!name[k])
			continue;
		struct io_uring_sqe *sqe = io_uring_get_sqe(&b->ring);
		if (!sqe)
			break;
		io_uring_prep_openat(sqe, dirfd[k], name[k], O_RDONLY | O_CLOEXEC, 0);
		sqe->user_data = k;
		res[k] = -1;
		nopen++;
	}
	if (nopen == 0)
		return;
	if (!ring_run(&b->ring, nopen, res, n)) {
		b->state = -1;
		return;
	}
	/* round 2: read each opened file whole (up to CRP_BATCH_BUF) and close it; a hard link
	 * keeps the close after the read even when the read is short */
	unsigned nops = 0;
	for (size_t k = 0; k < n; k++) {
		if (!name[k] || res[k] < 0)
			continue;
		fd[k] = res[k];
		struct io_uring_sqe *rd = io_uring_get_sqe(&b->ring);
		struct io_uring_sqe *cl = rd ? io_uring_get_sqe(&b->ring) : NULL;
		if (!cl) { /* cannot happen with a ring of 2 * CRP_BATCH_FILES entries */
			close(fd[k]);
			continue;
		}
		io_uring_prep_read(rd, fd[k], b->buf + k * CRP_BATCH_BUF, (unsigned)CRP_BATCH_BUF, 0);
		rd->flags |= IOSQE_IO_HARDLINK;
		rd->user_data = k;
		io_uring_prep_close(cl, fd[k]);
		cl->user_data = CRP_BATCH_FILES + k;
		res[k] = -1;
		nops += 2;
	}
	if (nops == 0)
		return;
	if (!ring_run(&b->ring, nops, res, 2 * CRP_BATCH_FILES)) {
		/* The ring is broken (it does not happen in practice): read one by one from now
		 * on. Files it opened may stay open (at most CRP_BATCH_FILES, once): closing them
		 * here could close a descriptor that one of its own close operations already
		 * freed and something else reused. Every len is still -1 (set in round 1). */
		b->state = -1;
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (fd[k] >= 0 && res[k] >= 0 && (size_t)res[k] < CRP_BATCH_BUF) {
			b->len[k] = res[k]; /* short read of a regular file: all of it */
			OVL_MARK_DEFINED(b->buf + k * CRP_BATCH_BUF, (size_t)res[k]);
		}
#else
	(void)b;
	(void)first;
	(void)n;
	(void)dirfd;
	(void)name;
#endif
}

const uint8_t *crp_batch_get(const crp_batch *b, size_t i, size_t *len)
{
	if (b->state != 1 || !crp_batch_holds(b, i))
		return NULL;
	int32_t l = b->len[i - b->first];
	if (l < 0)
		return NULL;
	*len = (size_t)l;
	return b->buf + (i - b->first) * CRP_BATCH_BUF;
}

void crp_batch_free(crp_batch *b)
{
#ifdef OVL_HAVE_URING
	if (b->ring_up)
		io_uring_queue_exit(&b->ring);
	/* After a ring failure, reads may still be in flight (the kernel ends them after the
	 * ring's close returns): leave their buffer be rather than free it under them. */
	if (b->ring_up && b->state == -1)
		return;
#endif
	free(b->buf);
}
