/* A memory budget for libxml2/libxslt work on one thread: every allocation those libraries make
 * goes through hooks installed once per process; while a budget is entered on a thread, its
 * allocations count against it and one that would pass the limit fails (NULL), so a template
 * that doubles a string or builds a huge node-set stops at the limit instead of taking
 * gigabytes. Other threads, each with its own budget or none, are not affected. */
#ifndef MLPS_XMLBUDGET_H
#define MLPS_XMLBUDGET_H
#include <stddef.h>

typedef struct mlps_xml_budget {
    long long used; /* bytes allocated minus bytes freed since entered (may go below 0) */
    long long peak; /* the highest used */
    size_t limit;
    int over;       /* an allocation was refused */
} mlps_xml_budget;

/* Installs the hooks (idempotent; call before threads start using libxml2). */
void mlps_xml_budget_install(void);

/* Makes b this thread's budget until the matching leave; returns the previous one. */
mlps_xml_budget *mlps_xml_budget_enter(mlps_xml_budget *b);
void mlps_xml_budget_leave(mlps_xml_budget *previous);

/* Scratch memory for one expansion on this thread, from begin to end: libxml2's small blocks
 * come from the thread's own chunks (a pointer bump, or a block of the same size freed before),
 * count on the budget by their capacity, and end takes all of them back at once (an expansion
 * makes and frees 3,000–40,000 blocks, and its result tree is dropped whole). Nothing made in
 * between may be used after end: what must outlive it (a parse cached for later expansions)
 * is made between pause and resume. Under ASan or valgrind, scratch not in use is unreadable. */
void mlps_xml_scratch_begin(void);
void mlps_xml_scratch_end(void);
/* Turns scratch off on this thread; returns whether it was on, for resume. */
int mlps_xml_scratch_pause(void);
void mlps_xml_scratch_resume(int on);
/* 1 when every block made since begin (scratch on or paused) is scratch: what was made then
 * needs no freeing, block by block, before end. */
int mlps_xml_scratch_only(void);

#endif
