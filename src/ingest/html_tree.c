/*
** html_tree.c — a flat mirror of gumbo's tree for the extractor.
**
** gumbo nodes have no room for our own data, so the extractor keeps one
** html_node per gumbo node in an array, in document (pre-)order.  A
** subtree is then the index range [i, nodes[i].end), sums over subtrees are
** one backward loop, and "skip this subtree" is one assignment.  Building
** the mirror also classifies each element once: block or inline, heading,
** inside a link, hidden, and what its class/id/role say (furniture or
** article body) — see html_class_flags().
*/
#include "html.h"

#include <ctype.h>
#include <stdlib.h>
#include <strings.h>

static int tag_is_block(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DETAILS: 
    case GUMBO_TAG_DD: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_MENU:
    case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_BR: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_NOSCRIPT:
        return 1;
    default:
        return 0;
    }
}

/* Elements that are furniture whatever their class says. */
static int tag_is_junk(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG:
    case GUMBO_TAG_CANVAS:  case GUMBO_TAG_MENU: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_MATH: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_FIGCAPTION:
        return 1;
    default:
        return 0;
    }
}

/*
** Words in class, id, role and itemprop values, sorted, with what each
** says.  Matched as substrings of the lower-cased values ("sharebar",
** "post-share" and "social-links" all hit), except CW_JUNK_TOKEN words,
** which must stand alone between non-alphanumerics ("nav", not "canvas"),
** and "comment", which must not go on as "commentary" (that is article text).
** The table is sorted so one scan of the value tries only the words
** starting with each letter (class_first[] indexes it by letter).
*/
enum {
    CW_JUNK = 1, CW_NEGATIVE = 2, CW_POSITIVE = 4, CW_JUNK_TOKEN = 8,
    CW_COMMENT = 16, CW_EMBED = 32, CW_ARTICLE_BODY = 64, CW_CAPTION = 128
};
static const struct class_word {
    const char *word;
    unsigned char len, kind;
} class_words[] = {
    {"about-author", 12, CW_JUNK},
    {"ad", 2, CW_JUNK_TOKEN},
    {"ads", 3, CW_JUNK_TOKEN},
    {"advert", 6, CW_JUNK},
    {"article", 7, CW_POSITIVE},
    {"article-body", 12, CW_ARTICLE_BODY},
    {"article_body", 12, CW_ARTICLE_BODY},
    {"articlebody", 11, CW_ARTICLE_BODY},
    {"aside", 5, CW_NEGATIVE},
    {"author", 6, CW_NEGATIVE},
    {"author-bio", 10, CW_JUNK},
    {"author-info", 11, CW_JUNK},
    {"authorinfo", 10, CW_JUNK},
    {"banner", 6, CW_NEGATIVE},
    {"bio", 3, CW_JUNK_TOKEN},
    {"biography", 9, CW_JUNK},
    {"blog", 4, CW_POSITIVE},
    {"body", 4, CW_POSITIVE},
    {"breadcrumb", 10, CW_JUNK},
    {"byline", 6, CW_NEGATIVE},
    {"caption", 7, CW_CAPTION},
    {"card", 4, CW_NEGATIVE},
    {"comment", 7, CW_COMMENT},
    {"complementary", 13, CW_JUNK},
    {"consent", 7, CW_JUNK},
    {"content", 7, CW_POSITIVE},
    {"contentinfo", 11, CW_JUNK},
    {"cookie", 6, CW_JUNK},
    {"credit", 6, CW_CAPTION},
    {"disqus", 6, CW_JUNK},
    {"embed", 5, CW_EMBED},
    {"entry", 5, CW_POSITIVE},
    {"extra", 5, CW_NEGATIVE},
    {"follow-us", 9, CW_JUNK},
    {"footer", 6, CW_JUNK},
    {"further-reading", 15, CW_JUNK},
    {"gdpr", 4, CW_JUNK},
    {"header", 6, CW_NEGATIVE},
    {"hidden", 6, CW_NEGATIVE},
    {"instagram", 9, CW_EMBED},
    {"list", 4, CW_NEGATIVE},
    {"login", 5, CW_JUNK},
    {"main", 4, CW_POSITIVE},
    {"masthead", 8, CW_JUNK},
    {"menu", 4, CW_JUNK_TOKEN | CW_NEGATIVE},
    {"meta", 4, CW_NEGATIVE},
    {"modal", 5, CW_JUNK},
    {"more-stories", 12, CW_JUNK},
    {"most-read", 9, CW_JUNK},
    {"nav", 3, CW_JUNK_TOKEN | CW_NEGATIVE},
    {"navbar", 6, CW_JUNK},
    {"navigation", 10, CW_JUNK},
    {"newsletter", 10, CW_JUNK},
    {"outbrain", 8, CW_JUNK},
    {"pagination", 10, CW_JUNK},
    {"paywall", 7, CW_JUNK},
    {"popular", 7, CW_JUNK},
    {"popup", 5, CW_JUNK},
    {"post", 4, CW_POSITIVE},
    {"print", 5, CW_NEGATIVE},
    {"promo", 5, CW_JUNK},
    {"rail", 4, CW_NEGATIVE},
    {"read-more", 9, CW_JUNK},
    {"readmore", 8, CW_JUNK},
    {"recommend", 9, CW_JUNK},
    {"related", 7, CW_JUNK},
    {"screen-reader", 13, CW_JUNK},
    {"see-also", 8, CW_JUNK},
    {"share", 5, CW_JUNK | CW_JUNK_TOKEN},
    {"sharing", 7, CW_JUNK},
    {"sidebar", 7, CW_JUNK},
    {"signup", 6, CW_JUNK},
    {"site-header", 11, CW_JUNK},
    {"skip-link", 9, CW_JUNK},
    {"social", 6, CW_JUNK},
    {"sponsor", 7, CW_JUNK},
    {"sr-only", 7, CW_JUNK},
    {"story", 5, CW_POSITIVE},
    {"subscri", 7, CW_JUNK},
    {"taboola", 7, CW_JUNK},
    {"tags", 4, CW_JUNK_TOKEN | CW_NEGATIVE},
    {"teaser", 6, CW_NEGATIVE},
    {"text", 4, CW_POSITIVE},
    {"toolbar", 7, CW_JUNK},
    {"trending", 8, CW_JUNK},
    {"tweet", 5, CW_EMBED},
    {"visually-hidden", 15, CW_JUNK},
    {"widget", 6, CW_NEGATIVE},
};
static const unsigned char class_first[27] = {0, 13, 20, 29, 30, 33, 36, 37, 39, 40, 40, 40, 42, 49, 53, 54, 61, 61, 66, 79, 86, 86, 87, 88, 88, 88, 88};


/* Which kinds of class words occur in the lower-cased string s[0..n). */
static unsigned class_kinds(const char *s, size_t n) {
    unsigned kinds = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i] - 'a';
        if (c >= 26) continue;
        for (unsigned k = class_first[c]; k < class_first[c + 1]; k++) {
            const struct class_word *w = &class_words[k];
            if (i + w->len > n || memcmp(s + i, w->word, w->len) != 0) continue;
            unsigned kind = w->kind;
            if (kind & CW_JUNK_TOKEN) {
                int alone = (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
                            (i + w->len == n || !isalnum((unsigned char)s[i + w->len]));
                if (!alone) kind &= ~(unsigned)CW_JUNK_TOKEN;
            }
            if ((kind & CW_COMMENT) && i + 10 <= n && memcmp(s + i + 7, "ary", 3) == 0)
                kind &= ~(unsigned)CW_COMMENT;
            kinds |= kind;
        }
    }
    return kinds;
}

/* An inline style that hides: display:none or visibility:hidden. */
static int style_hides(const char *style) {
    for (const char *p = style; (p = strcasestr(p, "display")) != NULL; p += 7) {
        const char *q = p + 7;
        while (*q == ' ' || *q == ':') q++;
        if (strncasecmp(q, "none", 4) == 0) return 1;
    }
    return strcasestr(style, "visibility:hidden") != NULL;
}

/*
** One pass over an element's attributes: class, id, role and itemprop are
** lower-cased into one string for class_kinds(); `hidden` and a hiding
** inline style make it furniture.
*/
unsigned html_class_flags(const GumboElement *el) {
    char buf[320];
    size_t n = 0;
    int hidden = 0;
    for (unsigned a = 0; a < el->attributes.length; a++) {
        const GumboAttribute *at = el->attributes.data[a];
        const char *name = at->name;
        if (strcmp(name, "class") == 0 || strcmp(name, "id") == 0 || strcmp(name, "role") == 0 ||
            strcmp(name, "itemprop") == 0) {
            for (const char *v = at->value; *v && n + 2 < sizeof buf; v++)
                buf[n++] = (char)tolower((unsigned char)*v);
            if (n + 2 < sizeof buf) buf[n++] = ' ';
        } else if (strcmp(name, "hidden") == 0 || (strcmp(name, "style") == 0 && style_hides(at->value))) {
            hidden = 1;
        }
    }
    unsigned f = hidden ? HN_JUNK : 0;
    if (n == 0 || el->tag == GUMBO_TAG_BODY || el->tag == GUMBO_TAG_HTML) return f;
    unsigned kinds = class_kinds(buf, n);
    if (kinds & CW_ARTICLE_BODY) return f | HN_POSITIVE;
    if (kinds & CW_POSITIVE) f |= HN_POSITIVE;
    if (kinds & CW_NEGATIVE) f |= HN_NEGATIVE;
    if (kinds & CW_COMMENT) f |= HN_JUNK | HN_COMMENTS;
    if (kinds & CW_CAPTION) f |= HN_JUNK;
    /* embedded posts quoted by the article are article text */
    if (kinds & CW_EMBED) f |= HN_POSITIVE;
    else if (kinds & (CW_JUNK | CW_JUNK_TOKEN)) f |= HN_JUNK;
    return f;
}

static int tree_push(html_tree *t, GumboNode *g, int parent) {
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 1024;
        html_node *bigger = orr_arena_alloc(t->arena, (size_t)cap * sizeof *bigger);
        if (!bigger) return -1;
        if (t->n) memcpy(bigger, t->nodes, (size_t)t->n * sizeof *bigger);
        t->nodes = bigger;
        t->cap = cap;
    }
    html_node *h = &t->nodes[t->n];
    memset(h, 0, sizeof *h);
    h->g = g;
    h->parent = parent;
    h->owner = parent >= 0 ? t->nodes[parent].owner : 0;
    return t->n++;
}

/* Collapsed length of a text node (the pre-pass already squeezed runs). */
static int text_length(const char *s) {
    int n = 0, space = 1;
    for (; *s; s++) {
        int sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
        if (sp && space) continue;
        space = sp;
        n++;
    }
    return n;
}

static void classify_element(html_tree *t, int i) {
    html_node *h = &t->nodes[i];
    const GumboElement *el = &h->g->v.element;
    unsigned inherited = h->parent >= 0 ? t->nodes[h->parent].flags & (HN_LINK | HN_PRE) : 0;
    h->tag = el->tag;
    h->flags = inherited;
    if (tag_is_block(el->tag)) {
        h->flags |= HN_BLOCK;
        h->owner = i;
    }
    if (el->tag == GUMBO_TAG_A) h->flags |= HN_LINK;
    if (el->tag == GUMBO_TAG_PRE) h->flags |= HN_PRE;
    if (el->tag >= GUMBO_TAG_H1 && el->tag <= GUMBO_TAG_H6) h->flags |= HN_HEADING;
    if (tag_is_junk(el->tag)) h->flags |= HN_JUNK;
    if (el->attributes.length) h->flags |= html_class_flags(el);
    if (el->tag == GUMBO_TAG_BODY && !t->body) t->body = i;
}

/* Pre-order walk with an explicit stack (pages nest thousands deep). */
int html_tree_build(html_tree *t, GumboNode *root, orr_arena *arena) {
    memset(t, 0, sizeof *t);
    t->arena = arena;
    size_t stack_cap = 256, depth = 0;
    struct frame { int index; unsigned child; } *stack = malloc(stack_cap * sizeof *stack);
    if (!stack) return ORR_ENOMEM;
    int rc = ORR_OK, i = tree_push(t, root, -1);
    if (i < 0) rc = ORR_ENOMEM;
    else classify_element(t, i);
    stack[depth++] = (struct frame){i, 0};
    while (rc == ORR_OK && depth) {
        struct frame *f = &stack[depth - 1];
        GumboNode *g = t->nodes[f->index].g;
        if (g->type != GUMBO_NODE_ELEMENT || f->child >= g->v.element.children.length) {
            t->nodes[f->index].end = t->n;
            depth--;
            continue;
        }
        GumboNode *c = g->v.element.children.data[f->child++];
        if (c->type == GUMBO_NODE_COMMENT || c->type == GUMBO_NODE_DOCUMENT) continue;
        int ci = tree_push(t, c, f->index);
        if (ci < 0) { rc = ORR_ENOMEM; break; }
        if (c->type == GUMBO_NODE_ELEMENT || c->type == GUMBO_NODE_TEMPLATE) {
            classify_element(t, ci);
            if (depth == stack_cap) {
                stack_cap *= 2;
                struct frame *bigger = realloc(stack, stack_cap * sizeof *stack);
                if (!bigger) { rc = ORR_ENOMEM; break; }
                stack = bigger;
            }
            stack[depth++] = (struct frame){ci, 0};
        } else {
            html_node *h = &t->nodes[ci];
            h->flags = HN_TEXT | (t->nodes[f->index].flags & (HN_LINK | HN_PRE));
            h->text = c->type == GUMBO_NODE_WHITESPACE ? 0 : text_length(c->v.text.text);
            h->end = ci + 1;
        }
    }
    free(stack);
    if (rc) return rc;
    for (int k = t->n - 1; k > 0; k--) t->nodes[t->nodes[k].parent].text += t->nodes[k].text;
    return ORR_OK;
}

char *html_node_text(const GumboNode *node, orr_arena *arena) {
    orr_buf b;
    orr_buf_init(&b);
    const GumboNode *stack[256];
    int depth = 0;
    stack[depth++] = node;
    while (depth) {
        const GumboNode *n = stack[--depth];
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            orr_buf_puts(&b, n->v.text.text);
        } else if (n->type == GUMBO_NODE_ELEMENT) {
            const GumboVector *ch = &n->v.element.children;
            for (unsigned k = ch->length; k > 0 && depth < 256; k--) stack[depth++] = ch->data[k - 1];
            if (tag_is_block(n->v.element.tag)) orr_buf_puts(&b, " ");
        }
    }
    /* collapse whitespace and trim */
    size_t w = 0;
    int space = 1;
    for (size_t r = 0; r < b.len; r++) {
        char c = b.data[r];
        int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (sp && space) continue;
        b.data[w++] = sp ? ' ' : c;
        space = sp;
    }
    while (w && b.data[w - 1] == ' ') w--;
    char *s = orr_arena_strndup(arena, b.data ? b.data : "", w);
    orr_buf_free(&b);
    return s;
}
