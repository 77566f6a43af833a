/*
** html.h — internal interface of the HTML article extractor.  The work is
** split in layers, each in its own file:
**
**   html_charset.c  pages in another charset are converted to UTF-8;
**   html_prepass.c  one linear scan over the raw bytes that drops what the
**                   extractor never reads (scripts, styles, comments, SVG)
**                   and keeps the JSON-LD blocks; gumbo then parses a page
**                   half the size (the parse is most of the time spent);
**   html_tree.c     a flat, pre-order mirror of gumbo's tree with the
**                   per-element facts the scorer needs (text, link text,
**                   punctuation, furniture classes, hidden);
**   html_body.c     finds the article body and renders it, one block per
**                   line;
**   html_lines.c    line-level furniture (labels, datelines, bylines);
**   html_meta.c     title, date, author, language, canonical URL from meta
**                   tags, JSON-LD, <time> and the URL;
**   html_date.c     date strings in the many shapes pages use -> YYYY-MM-DD;
**   read_html.c     orr_html_extract() and the ingest reader tying it up.
*/
#ifndef ORR_HTML_H
#define ORR_HTML_H

#include "ingest.h"

#include <gumbo.h>

/* ---- charset ---- */

/* A page declaring a charset other than UTF-8 (and not valid UTF-8):
** *out gets a malloc'd UTF-8 copy; else *out is NULL. */
int html_to_utf8(const char *html, size_t len, char **out, size_t *out_len);

/* ---- pre-pass ---- */

#define HTML_MAX_JSONLD 16

typedef struct html_slice {
    const char *data;
    size_t len;
} html_slice;

typedef struct html_prepass {
    orr_buf out;                          /* the slimmed page */
    html_slice jsonld[HTML_MAX_JSONLD];   /* <script type=application/ld+json> bodies */
    int n_jsonld;
} html_prepass;

/* Slim `html` into pp->out (caller frees with orr_buf_free). */
int html_prepass_run(const char *html, size_t len, html_prepass *pp);

/* ---- the flat tree ---- */

enum {
    HN_TEXT = 1 << 0,      /* a text node (else an element) */
    HN_BLOCK = 1 << 1,     /* starts a new line when rendered */
    HN_JUNK = 1 << 2,      /* furniture: skipped with its subtree */
    HN_LINK = 1 << 3,      /* <a> or inside one */
    HN_HEADING = 1 << 4,   /* h1..h6 */
    HN_POSITIVE = 1 << 5,  /* class/id says article body */
    HN_NEGATIVE = 1 << 6,  /* class/id says furniture */
    HN_PRE = 1 << 7,       /* whitespace is significant */
    HN_KEEP = 1 << 8,      /* chosen for output */
    HN_LIVE = 1 << 9,      /* not inside furniture */
    HN_SCORED = 1 << 10,   /* has a candidate score */
    HN_COMMENTS = 1 << 11  /* class/id says reader comments */
};

typedef struct html_node {
    GumboNode *g;
    int parent;            /* index, -1 for the root */
    int end;               /* one past the last node of the subtree */
    int owner;             /* nearest block ancestor (self for blocks) */
    GumboTag tag;
    unsigned flags;
    int text;              /* text bytes (whitespace collapsed) in the subtree */
    int own_text;          /* blocks: text in inline content owned directly */
    int own_link;          /* ... of which inside links */
    int own_commas;        /* commas in the owned text */
    int sub_text, sub_link, sub_commas;  /* the same over the live subtree */
    int mass;              /* text in paragraph-like blocks of the subtree, furniture included */
    int good;              /* the same, live blocks only */
    float score;
} html_node;

typedef struct html_tree {
    html_node *nodes;
    int n, cap;
    int body;              /* index of <body>, or 0 */
    orr_arena *arena;
} html_tree;

int html_tree_build(html_tree *tree, GumboNode *root, orr_arena *arena);
/* Does the class/id of element `g` name furniture or article body? */
unsigned html_class_flags(const GumboElement *el);

/* ---- body, metadata ---- */

/* Render the article body of the page into out (one block per line). */
int html_body_extract(html_tree *tree, orr_buf *out);

/* Whole-line furniture (html_lines.c): labels, datelines, bylines, e-mail. */
int html_line_is_furniture(const char *s, size_t n);
/* A call to action (newsletter, subscribe, follow us, copyright). */
int html_line_is_call_to_action(const char *s, size_t n);

typedef struct html_meta {
    char *title, *date, *author, *lang, *url, *article_body;
} html_meta;

void html_meta_extract(const html_tree *tree, const html_prepass *pp, orr_arena *arena,
                       html_meta *meta);

/* Normalise a date string to YYYY-MM-DD in out[11]; 0 if none found. */
int html_date_parse(const char *s, size_t len, char out[11]);
/* A date in a URL path (/2019/11/19/ or -2019-11-19); 0 if none. */
int html_date_from_url(const char *url, char out[11]);

/* Text of a subtree with whitespace collapsed, into an arena string. */
char *html_node_text(const GumboNode *node, orr_arena *arena);

#endif
