/* A memory budget for libxml2/libxslt work on one thread: every allocation those libraries make
 * goes through hooks installed once per process; while a budget is entered on a thread, its
 * allocations count against it and one that would pass the limit fails (NULL), so a template
 * that doubles a string or builds a huge node-set stops at the limit instead of taking
 * gigabytes. Other threads, each with its own budget or none, are not affected. */
#ifndef MLPS_XMLBUDGET_H
#define MLPS_XMLBUDGET_H
#include <stddef.h>

/* Small blocks freed while entered are kept for the next allocations of the same size
 * (libxml2's XPath makes and frees node sets and objects by the thousand, more at a time than
 * glibc's per-thread cache keeps); leave gives them back to malloc. */
#define MLPS_XML_BUDGET_CLASSES 64 /* glibc's small usable sizes 24, 40, … 1032 */

typedef struct mlps_xml_budget {
    long long used; /* bytes allocated minus bytes freed since entered (may go below 0) */
    long long peak; /* the highest used */
    size_t limit;   /* on used plus cached */
    int over;       /* an allocation was refused */
    void *cache[MLPS_XML_BUDGET_CLASSES]; /* freed blocks by usable size, linked through them */
    size_t cached;  /* their bytes */
} mlps_xml_budget;

/* Installs the hooks (idempotent; call before threads start using libxml2). */
void mlps_xml_budget_install(void);

/* Makes b this thread's budget until the matching leave; returns the previous one. */
mlps_xml_budget *mlps_xml_budget_enter(mlps_xml_budget *b);
void mlps_xml_budget_leave(mlps_xml_budget *previous);

#endif
