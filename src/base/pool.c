/* pool.c - parallel for over indices with pthreads (see pool.h). Threads are created per
 * call: calls are few (one per pipeline stage or per batch of ~256 documents, ~5 ms of
 * work) against ~50 us to start a thread, so a persistent pool would buy little. */
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

struct pool_run {
	struct pool_job job;
	unsigned spawn;
	pthread_t *tid;
	unsigned char *made;
	struct pool_worker *w; /* [0] is the caller's */
};

pool_job *pool_start(size_t n, unsigned spawn, void (*fn)(void *ud, size_t i, unsigned worker),
		     void *ud)
{
	struct pool_run *r = xcalloc(1, sizeof *r);
	r->job = (struct pool_job){ .n = n, .fn = fn, .ud = ud };
	atomic_init(&r->job.next, 0);
	if (spawn > n)
		spawn = (unsigned)n;
	r->spawn = spawn;
	r->tid = xcalloc(spawn + 1, sizeof *r->tid);
	r->made = xcalloc(spawn + 1, 1);
	r->w = xcalloc(spawn + 1, sizeof *r->w);
	r->w[0] = (struct pool_worker){ &r->job, 0 };
	for (unsigned t = 1; t <= spawn; t++) {
		r->w[t] = (struct pool_worker){ &r->job, t };
		/* A thread that cannot be created just leaves its share to the others. */
		r->made[t] = pthread_create(&r->tid[t], NULL, pool_main, &r->w[t]) == 0;
	}
	return &r->job;
}

/* The job is the first member of its run. */
static struct pool_run *run_of(pool_job *j) { return (struct pool_run *)(void *)j; }

void pool_help(pool_job *j)
{
	pool_main(&run_of(j)->w[0]);
}

void pool_wait(pool_job *j)
{
	struct pool_run *r = run_of(j);
	pool_main(&r->w[0]); /* the items left: the caller helps before it waits */
	for (unsigned t = 1; t <= r->spawn; t++)
		if (r->made[t])
			pthread_join(r->tid[t], NULL);
	free(r->made);
	free(r->tid);
	free(r->w);
	free(r);
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
	pool_wait(pool_start(n, threads - 1, fn, ud));
}
