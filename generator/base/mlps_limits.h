/* Every limit the engine enforces on untrusted input, in one place. */
#ifndef MLPS_LIMITS_H
#define MLPS_LIMITS_H

#define MLPS_MAX_INPUT_BYTES (16u * 1024u * 1024u) /* one data or template file */
#define MLPS_MAX_XML_ELEMENTS 200000                /* elements in one data, template or doc file */
#define MLPS_MAX_FILE_MESSAGES 200                  /* problems listed for one file; then a summary */
#define MLPS_MAX_XML_DEPTH 64                       /* element nesting in data/templates */
#define MLPS_MAX_SYSTEMS 1000                       /* 定级对象 per unit file */
#define MLPS_MAX_FIELD_BYTES (64u * 1024u)          /* one text field */
#define MLPS_MAX_IMAGE_BYTES (32u * 1024u * 1024u)  /* one embedded image */
#define MLPS_MAX_PAGES 5000                         /* pages in one document */
#define MLPS_MAX_TABLE_COLS 64
#define MLPS_MAX_FONT_CHAIN 8                       /* fonts in one role's fallback chain */
#define MLPS_MAX_FONT_ROLES 32                      /* roles in fonts/fonts.xml */
#define MLPS_MAX_FONT_FAMILIES 32                   /* families listed for one role */
#define MLPS_MAX_TABLE_ROWS 100000                  /* rows in one doc XML table */
#define MLPS_MAX_FORM_ROWS 200                      /* rows of one <form> (one page at most) */
#define MLPS_MAX_DOC_STYLES 64                      /* <style> definitions in one document */
#define MLPS_FORM_MAX_FLOW_UNITS 3                  /* 表六 数据来源/流出单位 lines */
#define MLPS_MAX_FONT_SIZE_PT 200.0                 /* size="" in doc XML */
#define MLPS_MAX_SPACE_PT 2000.0                    /* space-before/after, vspace */
#define MLPS_MAX_IMAGE_SIDE 20000                   /* width or height of one image, pixels */
#define MLPS_MAX_IMAGE_PIXELS 40000000ul            /* width × height of one image */
#define MLPS_MAX_IMAGE_NAME_SCAN 10000               /* folder entries read to suggest a missing image's name */
#define MLPS_MAX_PARA_BYTES (4u * 1024u * 1024u)  /* text of one paragraph (ICU takes int32) */
#define MLPS_MAX_LISTED_CHARS 16                    /* uncovered characters named per message */

#define MLPS_MAX_RECORD_IMAGES 4096                 /* images one batch record lists per output */
#define MLPS_MAX_BATCH_FILES 1000000                /* data files one batch run takes */
#define MLPS_MAX_BATCH_TEMPLATE_FILES 256           /* files one template reads (for its hash) */
#define MLPS_MAX_RECORD_FONTS 64                    /* font files one batch record lists per output */
#define MLPS_MAX_HASHCACHE_ENTRIES 2000000          /* files whose hash a batch output folder keeps */
/* mlpsdoc serve: the local web form */
#define MLPS_MAX_SERVE_BODY_BYTES (4u * 1024u * 1024u)   /* one data file sent by the browser */
#define MLPS_MAX_SERVE_UPLOAD_BYTES (8u * 1024u * 1024u) /* one uploaded topology image */
#define MLPS_MAX_SERVE_UPLOAD_NAMES 1000                 /* "图-2.png" … tried for an image whose name is taken */
#define MLPS_MAX_SERVE_NAME_BYTES MLPS_MAX_FILE_NAME_BYTES /* a file name in the served folder */
#define MLPS_MAX_SERVE_FILES 1000                        /* data files listed */
#define MLPS_MAX_SERVE_CONNECTIONS 32                    /* open connections */
#define MLPS_SERVE_TIMEOUT_S 60                          /* idle connection closed after */
#define MLPS_MAX_SERVE_JOBS 64                           /* render jobs kept (oldest dropped) */

#define MLPS_MAX_XPATH_OPS 10000000ul               /* XPath steps of one template instruction's expressions */
/* The limits on one expansion below hold for a unit's data of up to MLPS_TEMPLATE_DATA_ELEMENTS
 * elements; beyond, each further element adds its share (*_PER_DATA_ELEMENT): a 备案表 of 1000
 * systems is 3 M steps, 3 M nodes and 360 MB, and a template given little data stays small. */
#define MLPS_TEMPLATE_DATA_ELEMENTS 10000ul
#define MLPS_MAX_TEMPLATE_OUTPUT_NODES 2000000u     /* nodes one template expansion may create, */
#define MLPS_TEMPLATE_NODES_PER_DATA_ELEMENT 50u   /* plus this many per data element */
#define MLPS_MAX_TEMPLATE_DEPTH 200                 /* nested template calls (XSLT recursion) */
#define MLPS_MAX_TEMPLATE_VARS 20000                /* XSLT variables and params alive at once */
#define MLPS_MAX_TEMPLATE_STEPS 1000000ul           /* XSLT instructions one expansion executes, */
#define MLPS_TEMPLATE_STEPS_PER_DATA_ELEMENT 50ul  /* plus this many per data element */
/* CPU-time limits mean an amount of work: a build run under an instrumenting tool (make
 * valgrind: memcheck is 20-50 times slower) scales them by MLPS_TIME_SCALE. */
#ifndef MLPS_TIME_SCALE
#define MLPS_TIME_SCALE 1
#endif
#define MLPS_MAX_TEMPLATE_MS (5000 * MLPS_TIME_SCALE) /* CPU time of one template expansion */
#define MLPS_MAX_TEMPLATE_MEMORY (256u << 20)       /* bytes one expansion may hold (result,
                                                       variables, strings, document() files), */
#define MLPS_TEMPLATE_MEMORY_PER_DATA_ELEMENT 2048u /* plus this per data element */
#define MLPS_MAX_TEMPLATE_SHARED_DOCS 16            /* document() files a template parses once */

/* Output file names (render plans, docs/plans.md). A name plus the temporary suffix of
 * outfile.c (".PID.N.tmp") stays within the file system's 255 bytes. */
#define MLPS_MAX_FILE_NAME_BYTES 255
#define MLPS_OUTFILE_TMP_SUFFIX_BYTES 24            /* ".4194304.99.tmp" is 15 */
#define MLPS_MAX_NAME_VALUE_BYTES 80                /* one {单位}/{系统} value in a long name */
#define MLPS_NAME_HASH_BYTES 9                      /* "~" + 8 hex digits of FNV-1a */
#define MLPS_MAX_PLAN_DOCUMENTS 64                  /* <document> elements in one plan */
/* Finished font objects a batch keeps (and, apart, its shared glyphs deflated once): on 1,000
 * generated units the first 4 MiB (376 objects) answer 22,276 of the 22,388 lookups that 8 MiB
 * answered, for 5 MiB less peak RSS. */
#define MLPS_MAX_FONTCACHE_BYTES (4u << 20)
/* Glyphs a batch keeps coded (pdf_glyphz.h): each distinct glyph of the documents' own, once. */
#define MLPS_MAX_GLYPHZ_BYTES (2u << 20)
#define MLPS_MAX_FONTCACHE_PROGRAM (64u * 1024u)    /* largest font program kept (uncompressed) */
/* Deflated page contents a batch keeps (pdf_pagecache.h). On 1,000 generated units (160,486
 * pages) 1 MiB answers 35,206 pages, 16.7 % of the content bytes; 2 MiB 18.3 %, 4 MiB 19.3 %
 * (each MiB is one more of peak RSS, and the run's is near its 100 MiB bound). */
#define MLPS_MAX_PAGECACHE_BYTES (1u << 20)

/* Paragraph layouts a batch worker keeps for its later documents (paracache.c): bytes of
 * entries, keys, lines and glyphs per worker thread; the least recently used go first. */
#define MLPS_PARA_CACHE_BYTES (4u << 20)

/* <f:memo> output a thread keeps (memo.c): keys and copies; emptied when full. A key longer
 * than MLPS_TEMPLATE_MEMO_KEY is not looked up (its body runs each time). */
#define MLPS_TEMPLATE_MEMO_BYTES (2u << 20)
#define MLPS_TEMPLATE_MEMO_KEY (64u << 10)

#endif
