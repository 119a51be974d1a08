/* CPU time of the calling thread: what a piece of work costs, however busy the machine is
 * (for the phase figures of `make bench` and the template time limit). */
#ifndef MLPS_CPUTIME_H
#define MLPS_CPUTIME_H

/* Milliseconds of CPU this thread has used. */
double mlps_thread_cpu_ms(void);
/* Milliseconds of the monotonic clock, which needs no system call (the thread's CPU clock does:
 * timed around each content stream's deflate, 41 calls a document, it was 1 % of a batch's
 * CPU): for the short parts of a phase (deflate, subset), whose time is the thread's own while
 * it is not preempted, as when a batch has a worker per core. */
double mlps_part_ms(void);

#endif
