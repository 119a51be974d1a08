/* CPU time of the calling thread: what a piece of work costs, however busy the machine is
 * (for the phase figures of `make bench` and the template time limit). */
#ifndef MLPS_CPUTIME_H
#define MLPS_CPUTIME_H

/* Milliseconds of CPU this thread has used. */
double mlps_thread_cpu_ms(void);

#endif
