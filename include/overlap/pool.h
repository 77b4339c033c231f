/* pool.h - run a function over indices 0..n-1 on several threads.
 *
 * Work items are taken from a shared atomic counter, so uneven items balance themselves;
 * each item writes its result into its own slot, which is what keeps every output
 * independent of the thread count. It does not order side effects: items must not share
 * mutable state. With threads <= 1 (or n <= 1) it runs inline on the calling thread.
 */
#ifndef OVERLAP_POOL_H
#define OVERLAP_POOL_H

#include <stddef.h>

/* fn(ud, i, worker) for every i in [0, n); worker is in [0, threads) and lets the caller
 * keep per-thread scratch (e.g. a stemmer). Returns when all items are done. */
void pool_for(size_t n, unsigned threads, void (*fn)(void *ud, size_t i, unsigned worker),
	      void *ud);

/* The same in two halves, for a caller that has other work first: pool_start runs items
 * on `spawn` new threads (workers 1..spawn) and returns at once; the caller may take items
 * too with pool_help (as worker 0, when its own work is done) and must end with pool_wait,
 * which returns when every item is done and frees the job. spawn 0 is valid: then
 * pool_help does everything. */
typedef struct pool_job pool_job;
pool_job *pool_start(size_t n, unsigned spawn, void (*fn)(void *ud, size_t i, unsigned worker),
		     void *ud);
void pool_help(pool_job *j);
void pool_wait(pool_job *j);

/* Online CPUs (at least 1). */
unsigned pool_ncpu(void);

#endif
