/*
** html_meta.c — what a page says about its article: title, publication
** date, author, language, canonical URL and, when the publisher embeds it,
** the article body from JSON-LD.  Sources in order of trust:
**   JSON-LD (schema.org Article types) > <meta> (Open Graph, Dublin Core,
**   article:*, common names) > microdata (itemprop) > <time datetime> >
**   the date in the URL > <title>/<h1>.
** Each field keeps the most trusted value seen; `rank` records how
** trusted the current one is.
*/
#include "html.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <strings.h>

enum { R_NONE = 0, R_WEAK, R_TIME, R_MICRO, R_META, R_JSONLD };

typedef struct meta_state {
    orr_arena *arena;
    html_meta *m;
    int title_rank, date_rank, author_rank, lang_rank, url_rank;
    char *h1, *title_el;
} meta_state;

static char *trimmed_dup(orr_arena *a, const char *s) {
    if (!s) return NULL;
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n == 0) return NULL;
    /* collapse inner whitespace */
    char *out = orr_arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = isspace((unsigned char)s[i]) ? ' ' : s[i];
        if (c == ' ' && w && out[w - 1] == ' ') continue;
        out[w++] = c;
    }
    out[w] = '\0';
    return out;
}

/* One character reference at p ("&lt;", "&#8217;"); writes UTF-8, returns
** the bytes consumed or 0. */
static size_t decode_entity(const char *p, orr_buf *out) {
    static const struct { const char *name; const char *utf8; } named[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"},
        {"&nbsp;", " "}, {"&#39;", "'"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t n = strlen(named[i].name);
        if (strncmp(p, named[i].name, n) == 0) {
            orr_buf_puts(out, named[i].utf8);
            return n;
        }
    }
    if (p[1] != '#') return 0;
    char *end;
    long cp = p[2] == 'x' || p[2] == 'X' ? strtol(p + 3, &end, 16) : strtol(p + 2, &end, 10);
    if (*end != ';' || cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    char u[4];
    size_t n;
    if (cp < 0x80) u[0] = (char)cp, n = 1;
    else if (cp < 0x800) u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 63)), n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 63)),
        u[2] = (char)(0x80 | (cp & 63)), n = 3;
    else
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 63)),
        u[2] = (char)(0x80 | ((cp >> 6) & 63)), u[3] = (char)(0x80 | (cp & 63)), n = 4;
    orr_buf_append(out, u, n);
    return (size_t)(end + 1 - p);
}

/* Values double-escaped by their CMS ("doesn&#8217;t") are decoded. */
static const char *decoded(orr_arena *a, const char *v) {
    if (!strchr(v, '&')) return v;
    orr_buf b;
    orr_buf_init(&b);
    for (const char *p = v; *p; p++) {
        size_t n = *p == '&' ? decode_entity(p, &b) : 0;
        if (n) p += n - 1;
        else orr_buf_append(&b, p, 1);
    }
    const char *out = b.data ? orr_arena_strndup(a, b.data, b.len) : v;
    orr_buf_free(&b);
    return out ? out : v;
}

static void set_text(meta_state *st, char **field, int *rank, int r, const char *value) {
    if (r <= *rank || !value) return;
    char *v = trimmed_dup(st->arena, decoded(st->arena, value));
    if (!v) return;
    *field = v;
    *rank = r;
}

static void set_date(meta_state *st, int r, const char *value) {
    char ymd[11];
    if (r <= st->date_rank || !value || !html_date_parse(value, strlen(value), ymd)) return;
    st->m->date = orr_arena_strdup(st->arena, ymd);
    st->date_rank = r;
}

static int month_prefix(const char *w, size_t n) {
    static const char *const months[] = {"january", "february", "march", "april", "may", "june", "july",
                                         "august", "september", "october", "november", "december"};
    for (size_t m = 0; m < 12; m++)
        if (n <= strlen(months[m]) && strncasecmp(w, months[m], n) == 0) return 1;
    return 0;
}

/*
** Bylines carry more than names: "Jane Roe - 11/18/19", "Tom Davies
** Associated Press Published 11:04 a.m.", "Jane Roe | Staff".  Keep what
** comes before a digit, a separator or a "Published/Updated" word; a weak
** source (a class named "byline") must then look like names: 8 words at most.
*/
static void set_author(meta_state *st, int r, const char *value) {
    if (!value || r <= st->author_rank) return;
    while (isspace((unsigned char)*value)) value++;
    if (strncasecmp(value, "http", 4) == 0) return;  /* article:author is often a URL */
    if (strncasecmp(value, "by ", 3) == 0) value += 3;
    size_t n = strlen(value);
    if (n > 200) return;
    static const char *const stops[] = {"|", " @", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", "Published",
                                        "Updated", "Posted", "\n"};
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)value[i])) { n = i; break; }
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        const char *hit = strstr(value, stops[k]);
        if (hit && (size_t)(hit - value) < n) n = (size_t)(hit - value);
    }
    size_t full = n;
    for (;;) {  /* trailing blanks, commas and a month name left by a cut date */
        while (n && (isspace((unsigned char)value[n - 1]) || (unsigned char)value[n - 1] == 0xA0 ||
                     (unsigned char)value[n - 1] == 0xC2 || value[n - 1] == ',' || value[n - 1] == '-'))
            n--;
        size_t w = n;
        while (w && isalpha((unsigned char)value[w - 1])) w--;
        if (n == full || n - w < 3 || n - w > 9 || !month_prefix(value + w, n - w)) break;
        n = w;
    }
    if (n == 0) return;
    char *name = orr_arena_strndup(st->arena, value, n);
    if (!name) return;
    if (r <= R_WEAK) {
        int words = 1;
        for (size_t i = 0; i < n; i++) words += name[i] == ' ';
        if (words > 8) return;
    }
    set_text(st, &st->m->author, &st->author_rank, r, name);
}

/* "en-US", "en_GB" -> "en" */
static void set_lang(meta_state *st, int r, const char *value) {
    if (r <= st->lang_rank || !value) return;
    char code[9];
    size_t n = 0;
    while (*value && isspace((unsigned char)*value)) value++;
    while (n < 8 && isalpha((unsigned char)value[n])) {
        code[n] = (char)tolower((unsigned char)value[n]);
        n++;
    }
    if (n < 2 || n > 3) return;
    code[n] = '\0';
    st->m->lang = orr_arena_strdup(st->arena, code);
    st->lang_rank = r;
}

/* ---- JSON-LD ---- */

/*
** JSON-LD articleBody is meant to be plain text, but publishers put
** escaped or raw HTML in it.  Decode character references, then drop
** tags (a tag becomes a line break, so paragraphs stay apart).
*/
static char *plain_article_body(orr_arena *arena, const char *body) {
    orr_buf dec, out;
    orr_buf_init(&dec);
    orr_buf_init(&out);
    for (const char *p = body; *p; p++) {
        size_t n = *p == '&' ? decode_entity(p, &dec) : 0;
        if (n) p += n - 1;
        else orr_buf_append(&dec, p, 1);
    }
    for (size_t i = 0; i < dec.len; i++) {
        if (dec.data[i] == '<' && i + 1 < dec.len &&
            (isalpha((unsigned char)dec.data[i + 1]) || dec.data[i + 1] == '/')) {
            const char *gt = memchr(dec.data + i, '>', dec.len - i);
            if (gt) {
                i = (size_t)(gt - dec.data);
                orr_buf_append(&out, "\n", 1);
                continue;
            }
        }
        orr_buf_append(&out, dec.data + i, 1);
    }
    char *s = orr_arena_strndup(arena, out.data ? out.data : "", out.len);
    orr_buf_free(&dec);
    orr_buf_free(&out);
    return s;
}

static int ld_is_article(json_t *obj) {
    json_t *type = json_object_get(obj, "@type");
    size_t n = json_is_array(type) ? json_array_size(type) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_is_array(type) ? json_array_get(type, i) : type;
        const char *s = json_string_value(t);
        if (s && (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Report") ||
                  strcmp(s, "WebPage") == 0 || strstr(s, "Posting")))
            return 1;
    }
    return 0;
}

static void ld_author(meta_state *st, json_t *a) {
    if (json_is_string(a)) {
        set_author(st, R_JSONLD, json_string_value(a));
    } else if (json_is_object(a)) {
        set_author(st, R_JSONLD, json_string_value(json_object_get(a, "name")));
    } else if (json_is_array(a)) {
        orr_buf names;
        orr_buf_init(&names);
        for (size_t i = 0; i < json_array_size(a) && i < 8; i++) {
            json_t *e = json_array_get(a, i);
            const char *name = json_is_string(e) ? json_string_value(e)
                                                 : json_string_value(json_object_get(e, "name"));
            if (!name || !*name) continue;
            if (names.len) orr_buf_puts(&names, ", ");
            orr_buf_puts(&names, name);
        }
        if (names.len) set_author(st, R_JSONLD, names.data);
        orr_buf_free(&names);
    }
}

static void ld_walk(meta_state *st, json_t *v, int depth) {
    if (depth > 8) return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) ld_walk(st, json_array_get(v, i), depth + 1);
        return;
    }
    if (!json_is_object(v)) return;
    ld_walk(st, json_object_get(v, "@graph"), depth + 1);
    if (!ld_is_article(v)) return;
    int r = R_JSONLD;
    json_t *type = json_object_get(v, "@type");
    if (json_is_string(type) && strcmp(json_string_value(type), "WebPage") == 0) r = R_META;
    set_text(st, &st->m->title, &st->title_rank, r, json_string_value(json_object_get(v, "headline")));
    const char *date = json_string_value(json_object_get(v, "datePublished"));
    if (!date) date = json_string_value(json_object_get(v, "dateCreated"));
    set_date(st, r, date);
    ld_author(st, json_object_get(v, "author"));
    set_lang(st, r, json_string_value(json_object_get(v, "inLanguage")));
    const char *body = json_string_value(json_object_get(v, "articleBody"));
    if (body && (!st->m->article_body || strlen(body) > strlen(st->m->article_body)))
        st->m->article_body = plain_article_body(st->arena, body);
}

static void meta_jsonld(meta_state *st, const html_prepass *pp) {
    for (int i = 0; i < pp->n_jsonld; i++) {
        json_error_t jerr;
        json_t *root = json_loadb(pp->jsonld[i].data, pp->jsonld[i].len, JSON_DECODE_ANY, &jerr);
        if (!root) continue;  /* broken JSON-LD is common; the page has other sources */
        ld_walk(st, root, 0);
        json_decref(root);
    }
}

/* ---- <meta>, <link>, microdata, <time> ---- */

static const char *const date_names[] = {
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "publication_date",
    "date", "article_date_original", "originalpublicationdate", "displaydate",
};
static const char *const author_names[] = {
    "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "citation_author",
};

static int in_list(const char *name, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(name, list[i]) == 0) return 1;
    return 0;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void meta_tag(meta_state *st, const GumboElement *el) {
    GumboAttribute *content = gumbo_get_attribute(&el->attributes, "content");
    if (!content) return;
    const char *v = content->value;
    static const char *const keys[] = {"property", "name", "itemprop", "http-equiv"};
    for (size_t k = 0; k < N_OF(keys); k++) {
        GumboAttribute *a = gumbo_get_attribute(&el->attributes, keys[k]);
        if (!a) continue;
        const char *n = a->value;
        if (strcasecmp(n, "og:title") == 0 || strcasecmp(n, "twitter:title") == 0)
            set_text(st, &st->m->title, &st->title_rank, R_META, v);
        else if (in_list(n, date_names, N_OF(date_names)))
            set_date(st, strcasecmp(n, "date") == 0 ? R_TIME : R_META, v);
        else if (in_list(n, author_names, N_OF(author_names)))
            set_author(st, R_META, v);
        else if (strcasecmp(n, "content-language") == 0 || strcasecmp(n, "og:locale") == 0 ||
                 strcasecmp(n, "dc.language") == 0 || strcasecmp(n, "language") == 0)
            set_lang(st, R_META - 1, v);
        else if (strcasecmp(n, "og:url") == 0)
            set_text(st, &st->m->url, &st->url_rank, R_META, v);
        else if ((strcasestr(n, "date") || strcasestr(n, "publish")) && !strcasestr(n, "modif") &&
                 !strcasestr(n, "updat"))
            set_date(st, R_WEAK, v);  /* "sn-post-date", "publish-time" ... */
    }
}

static void meta_element(meta_state *st, const html_node *h) {
    const GumboElement *el = &h->g->v.element;
    GumboAttribute *a;
    switch (el->tag) {
    case GUMBO_TAG_META:
        meta_tag(st, el);
        return;
    case GUMBO_TAG_HTML:
        if ((a = gumbo_get_attribute(&el->attributes, "lang")) ||
            (a = gumbo_get_attribute(&el->attributes, "xml:lang")))
            set_lang(st, R_META, a->value);
        return;
    case GUMBO_TAG_LINK:
        if ((a = gumbo_get_attribute(&el->attributes, "rel")) && strcasecmp(a->value, "canonical") == 0 &&
            (a = gumbo_get_attribute(&el->attributes, "href")))
            set_text(st, &st->m->url, &st->url_rank, R_JSONLD, a->value);
        return;
    case GUMBO_TAG_TITLE:
        if (!st->title_el) st->title_el = html_node_text(h->g, st->arena);
        return;
    case GUMBO_TAG_H1:
        if (!st->h1 && (h->flags & HN_LIVE)) st->h1 = html_node_text(h->g, st->arena);
        return;
    case GUMBO_TAG_TIME:
        if ((a = gumbo_get_attribute(&el->attributes, "datetime"))) set_date(st, R_TIME, a->value);
        break;
    default:
        break;
    }
    if ((a = gumbo_get_attribute(&el->attributes, "itemprop"))) {
        if (strcasecmp(a->value, "datePublished") == 0) {
            GumboAttribute *d = gumbo_get_attribute(&el->attributes, "datetime");
            if (!d) d = gumbo_get_attribute(&el->attributes, "content");
            set_date(st, R_MICRO, d ? d->value : html_node_text(h->g, st->arena));
        } else if (strcasecmp(a->value, "author") == 0 && st->author_rank < R_MICRO) {
            set_author(st, R_MICRO, html_node_text(h->g, st->arena));
        }
    }
    if ((a = gumbo_get_attribute(&el->attributes, "rel")) && strcasecmp(a->value, "author") == 0 &&
        el->tag == GUMBO_TAG_A && st->author_rank < R_WEAK)
        set_author(st, R_WEAK, html_node_text(h->g, st->arena));
    /* Last resorts: a short element whose class names a date or a byline. */
    if ((st->date_rank == R_NONE || st->author_rank == R_NONE) && (h->flags & HN_LIVE) &&
        h->text > 0 && h->text < 80 && (a = gumbo_get_attribute(&el->attributes, "class"))) {
        if (st->date_rank == R_NONE && (strcasestr(a->value, "date") || strcasestr(a->value, "publish")))
            set_date(st, R_NONE + 1, html_node_text(h->g, st->arena));
        else if (st->author_rank == R_NONE && (strcasestr(a->value, "byline") || strcasestr(a->value, "author")))
            set_author(st, R_NONE + 1, html_node_text(h->g, st->arena));
    }
}

void html_meta_extract(const html_tree *t, const html_prepass *pp, orr_arena *arena,
                       html_meta *m) {
    meta_state st = {0};
    st.arena = arena;
    st.m = m;
    memset(m, 0, sizeof *m);
    meta_jsonld(&st, pp);
    for (int i = 0; i < t->n; i++)
        if (!(t->nodes[i].flags & HN_TEXT)) meta_element(&st, &t->nodes[i]);
    if (st.date_rank < R_TIME && m->url) {
        char ymd[11];
        if (html_date_from_url(m->url, ymd)) {
            m->date = orr_arena_strdup(arena, ymd);
            st.date_rank = R_TIME;
        }
    }
    if (!m->title) m->title = st.h1 && *st.h1 ? st.h1 : st.title_el && *st.title_el ? st.title_el : NULL;
}
