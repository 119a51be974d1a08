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

/* Installs the hooks (idempotent; call before threads start using libxml2). The hooks also keep
 * each thread's small freed blocks (up to 2 MiB) for its next allocations of the same size:
 * libxml2 makes and frees XPath objects, nodes and strings by the thousand, more at a time than
 * glibc's per-thread cache keeps, and a document's tree is freed just before the next one is
 * built. 1 MiB filled up within a document (a batch made 0.4 M more instructions per document
 * in malloc and free); 4–16 MiB saved nothing more. A thread's blocks go back to malloc when it
 * ends. Sanitizer and valgrind builds keep
 * none (MLPS_XML_KEEP_BYTES 0), so that every free reaches the checker. */
void mlps_xml_budget_install(void);

#ifndef MLPS_XML_KEEP_BYTES
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MLPS_XML_KEEP_BYTES 0
#else
#define MLPS_XML_KEEP_BYTES (2u << 20)
#endif
#endif

/* Makes b this thread's budget until the matching leave; returns the previous one. */
mlps_xml_budget *mlps_xml_budget_enter(mlps_xml_budget *b);
void mlps_xml_budget_leave(mlps_xml_budget *previous);

#endif
