/* pool.c - parallel for over indices with pthreads (see pool.h). Threads are created per
 * call: calls are few (one per pipeline stage) and items are large, so a persistent pool
 * would buy nothing. */
#include "overlap/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "overlap/mem.h"

struct pool_job {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *, size_t, unsigned);
	void *ud;
};

struct pool_worker {
	struct pool_job *job;
	unsigned id;
};

static void *pool_main(void *arg)
{
	struct pool_worker *w = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&w->job->next, 1);
		if (i >= w->job->n)
			break;
		w->job->fn(w->job->ud, i, w->id);
	}
	return NULL;
}

unsigned pool_ncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1u : (unsigned)n;
}

void pool_for(size_t n, unsigned threads, void (*fn)(void *ud, size_t i, unsigned worker),
	      void *ud)
{
	if (threads > n)
		threads = (unsigned)n;
	if (threads <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(ud, i, 0);
		return;
	}
	struct pool_job job = { .n = n, .fn = fn, .ud = ud };
	atomic_init(&job.next, 0);
	pthread_t *tid = xcalloc(threads, sizeof *tid);
	unsigned char *made = xcalloc(threads, 1);
	struct pool_worker *w = xcalloc(threads, sizeof *w);
	for (unsigned t = 1; t < threads; t++) {
		w[t] = (struct pool_worker){ &job, t };
		/* A thread that cannot be created just leaves its share to the others. */
		made[t] = pthread_create(&tid[t], NULL, pool_main, &w[t]) == 0;
	}
	w[0] = (struct pool_worker){ &job, 0 };
	pool_main(&w[0]);
	for (unsigned t = 1; t < threads; t++)
		if (made[t])
			pthread_join(tid[t], NULL);
	free(made);
	free(tid);
	free(w);
}
