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
 * on `spawn` new threads (workers 1..spawn) and returns at once. pool_wait takes the items
 * still left on the calling thread (as worker 0), returns when every item is done and
 * frees the job. pool_help takes items too without waiting, for a caller that wants them
 * done before its own work (spawn 0 is valid: the caller then does every item). */
typedef struct pool_job pool_job;
pool_job *pool_start(size_t n, unsigned spawn, void (*fn)(void *ud, size_t i, unsigned worker),
		     void *ud);
void pool_help(pool_job *j);
void pool_wait(pool_job *j);

/* Online CPUs (at least 1). */
unsigned pool_ncpu(void);

#endif
