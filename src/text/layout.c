/*
** layout.c — plain-text pages: tell the article from the page around it.
**
** A text dump of a web page has the site's furniture (name, menus, links,
** copyright) around the article, a headline and often a standfirst above
** it, section headings inside it and a byline under or over it.  Nothing
** here knows any site: blocks (runs of lines between blank lines) are
** classified by shape and position.
**
**   1. A *paragraph* is a block that reads as prose: it ends with sentence
**      punctuation and has a few words, or it has a sentence end inside and
**      a dozen words, or it is long (40 words) whatever its punctuation.
**      A one-line block in capitals is a headline, not a paragraph.  Copyright lines, link-like lines (URLs, "a | b" menus)
**      and short lines repeated on the page are furniture wherever they are.
**   2. The body runs from the first paragraph to the last.  Inside it, a
**      one-line block that is short, has no closing punctuation and does
**      not start in lowercase is a section heading.
**   3. Above the body, the nearest block with three or more words is the
**      headline (doc->title); if the block under it is longer, that block
**      is the standfirst (doc->subtitle).  Anything above the headline is
**      furniture; short blocks between headline and body are headings,
**      date lines give doc->date, "By ..." lines give the author.
**   4. Below the body, the first block that looks like a byline (two to
**      six capitalised words, possibly titles, then an optional
**      affiliation after a comma or wide space) gives doc->author; the
**      rest is furniture.
**
** The result rewrites doc->text to hold the kept blocks only (body
** paragraphs and headings, joined by blank lines).  Title, subtitle and
** byline are NOT repeated in the text: they live in their fields, so the
** coder never sees a headline twice.  Headings are handed to the splitter
** as spans in doc->sentences with is_heading = 1.  A text with no
** paragraph at all (a one-liner, a list) is left exactly as it was.
*/
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <strings.h>

enum { ROLE_BODY, ROLE_HEADING, ROLE_DROP, ROLE_TITLE, ROLE_SUBTITLE, ROLE_BYLINE };

typedef struct block {
    size_t start, end;   /* trimmed byte span in the original text */
    size_t words, width, lines;
    int ends_stop;       /* last visible char is . ! ? … । (closing quotes skipped) */
    int ends_soft;       /* ends with , ; : - */
    int inner_stop;      /* has a sentence end followed by a capital inside */
    int starts_lower;
    int furniture;
    int has_year;
    int has_lower;       /* any lowercase letter (all-caps lines are headlines) */
    int role;
    uint64_t hash;
} block;

static int contains_ci(const char *s, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(s + i, needle, n) == 0) return 1;
    return 0;
}

static int contains(const char *s, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0) return 1;
    return 0;
}

/* Copyright notices and link-like lines are furniture wherever they stand. */
static int looks_like_furniture(const char *s, size_t len, size_t words) {
    if (contains(s, len, "\xC2\xA9") || contains_ci(s, len, "copyright") ||
        contains_ci(s, len, "all rights reserved"))
        return 1;
    if (contains(s, len, "://") || (len >= 4 && strncasecmp(s, "www.", 4) == 0)) return words <= 12;
    if (words <= 15 && (contains(s, len, " | ") || contains(s, len, " \xC2\xBB ") ||
                        contains(s, len, " \xE2\x80\xBA ")))
        return 1;
    return 0;
}

static int is_stop(int32_t cp) {
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x0964 || cp == 0x0965 ||
           cp == 0x3002;
}

/* Measure one block: words, width, how it ends, a hash for repeats. */
static void block_measure(const char *t, block *b) {
    size_t n, prev_space = 1;
    int32_t last = 0, prev = 0;
    uint64_t h = 1469598103934665603ULL;
    b->lines = 1;
    for (size_t i = b->start; i < b->end; i += n) {
        int32_t cp = text_decode(t, i, b->end, &n);
        int space = text_is_space(cp);
        if (cp == '\n') b->lines++;
        if (!space && prev_space) b->words++;
        if (!space) {
            b->width++;
            if (!text_is_closing(cp)) last = cp;
            h = (h ^ (uint64_t)cp) * 1099511628211ULL;
        }
        if (space && is_stop(prev)) {
            size_t m, k = i + n;
            while (k < b->end && text_is_space(text_decode(t, k, b->end, &m))) k += m;
            if (k < b->end && text_is_upper(text_decode(t, k, b->end, &m))) b->inner_stop = 1;
        }
        if (text_is_lower(cp)) b->has_lower = 1;
        if (cp >= '0' && cp <= '9' && i + 3 < b->end && (t[i] == '1' || t[i] == '2') &&
            isdigit((unsigned char)t[i + 1]) && isdigit((unsigned char)t[i + 2]) &&
            isdigit((unsigned char)t[i + 3]))
            b->has_year = 1;
        prev = cp;
        prev_space = (size_t)space;
    }
    b->hash = h;
    b->ends_stop = is_stop(last);
    b->ends_soft = last == ',' || last == ';' || last == ':' || last == '-';
    b->starts_lower = text_is_lower(text_decode(t, b->start, b->end, &n));
    b->furniture = looks_like_furniture(t + b->start, b->end - b->start, b->words) &&
                   !text_byline_explicit(t + b->start, b->end - b->start);
}

static int block_is_paragraph(const block *b) {
    if (b->furniture) return 0;
    if (b->words >= 40) return 1;                      /* long text is never furniture */
    if (!b->has_lower && b->lines == 1) return 0;      /* AN ALL-CAPS HEADLINE. */
    return (b->ends_stop && b->words >= 3) || (b->words >= 12 && b->inner_stop);
}

static int block_is_heading(const block *b) {
    return !b->furniture && b->lines == 1 && b->words >= 1 && b->words <= 15 && b->width <= 100 &&
           !b->ends_stop && !b->ends_soft && !b->starts_lower;
}

static int hash_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Short blocks that occur twice or more are site lines (menus, taglines). */
static int mark_repeats(orr_arena *arena, block *blocks, size_t n) {
    uint64_t *hashes = orr_arena_alloc(arena, (n ? n : 1) * sizeof *hashes);
    if (!hashes) return ORR_ENOMEM;
    for (size_t i = 0; i < n; i++) hashes[i] = blocks[i].hash;
    qsort(hashes, n, sizeof *hashes, hash_cmp);
    for (size_t i = 0; i < n; i++) {
        if (blocks[i].words > 10) continue;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (hashes[mid] < blocks[i].hash) lo = mid + 1;
            else hi = mid;
        }
        if (lo + 1 < n && hashes[lo + 1] == blocks[i].hash) blocks[i].furniture = 1;
    }
    return ORR_OK;
}

typedef struct block_list {
    orr_arena *arena;
    block *items;
    size_t n, cap;
} block_list;

/* Add t[start,end) trimmed of white space, if anything is left. */
static int blocks_push(block_list *l, const char *t, size_t start, size_t end) {
    size_t k;
    while (start < end && text_is_space(text_decode(t, start, end, &k))) start += k;
    while (end > start && text_is_space(text_decode(t, text_prev_start(t, start, end), end, &k)))
        end = text_prev_start(t, start, end);
    if (start == end) return ORR_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        block *bigger = orr_arena_alloc(l->arena, cap * sizeof *bigger);
        if (!bigger) return ORR_ENOMEM;
        if (l->n) memcpy(bigger, l->items, l->n * sizeof *bigger);
        l->items = bigger;
        l->cap = cap;
    }
    l->items[l->n] = (block){.start = start, .end = end};
    block_measure(t, &l->items[l->n]);
    l->n++;
    return ORR_OK;
}

/* Widest line of t[start,end) in code points. */
static size_t max_line_width(const char *t, size_t start, size_t end) {
    size_t max = 0, w = 0;
    for (size_t i = start; i < end; i++) {
        if (t[i] == '\n') w = 0;
        else if (((unsigned char)t[i] & 0xC0) != 0x80 && ++w > max) max = w;
    }
    return max;
}

/*
** Cut the text into blocks at blank lines.  A block whose lines are long
** (over 120 characters: one paragraph per line, not hard-wrapped text) is
** cut into its lines, so a page dump without blank lines is laid out too.
*/
static block *find_blocks(orr_arena *arena, const char *t, size_t len, size_t *n_out) {
    block_list l = {arena, NULL, 0, 0};
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len) {
            if (t[i] == '\n') {
                size_t j = i + 1;
                while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) j++;
                if (j >= len || t[j] == '\n') break;
            }
            i++;
        }
        int by_line = memchr(t + start, '\n', i - start) && max_line_width(t, start, i) > 120;
        for (size_t ls = start, k = start; k <= i; k++) {
            if (k < i && (!by_line || t[k] != '\n')) continue;
            if (blocks_push(&l, t, ls, k)) return NULL;
            ls = k + 1;
        }
        if (i < len) i++;
    }
    *n_out = l.n;
    return l.items ? l.items : orr_arena_alloc(arena, sizeof(block));
}

/* Furniture, bylines (marked here) and date lines above the body. */
static int pre_body_skippable(const char *t, block *b) {
    if (b->furniture) return 1;
    if (text_byline_explicit(t + b->start, b->end - b->start)) {
        b->role = ROLE_BYLINE;
        return 1;
    }
    return b->has_year && b->words <= 8;
}

/* A dateline above the article gives the document's date. */
static int take_dateline(orr_doc *doc, const block *b) {
    char date[11];
    if (doc->date || !b->has_year || b->words > 8 ||
        !text_parse_date(doc->text + b->start, b->end - b->start, date))
        return ORR_OK;
    doc->date = orr_arena_strdup(doc->arena, date);
    return doc->date ? ORR_OK : ORR_ENOMEM;
}

/* Decide the role of every block (see the comment at the top). */
static void assign_roles(orr_doc *doc, block *b, size_t n, size_t first, size_t last) {
    const char *t = doc->text;
    for (size_t i = 0; i < n; i++) {
        if (b[i].furniture || i < first || i > last) b[i].role = ROLE_DROP;
        else if (block_is_paragraph(&b[i])) b[i].role = ROLE_BODY;
        else if (block_is_heading(&b[i])) b[i].role = ROLE_HEADING;
        else b[i].role = ROLE_BODY;
    }
    /* Above the body: bylines, date lines, then headline and standfirst. */
    size_t title = n, subtitle = n;
    for (size_t i = first; i-- > 0;) {
        if (pre_body_skippable(t, &b[i])) continue;
        if (b[i].words >= 3) {
            title = i;
            break;
        }
        if (i + 3 < first) break;
    }
    if (title < n && b[title].words >= 8) {  /* a long line: standfirst under a headline? */
        for (size_t j = title; j-- > 0;) {
            if (pre_body_skippable(t, &b[j])) continue;
            if (b[j].words >= 3 && b[j].words < b[title].words && !b[j].ends_stop) {
                subtitle = title;
                title = j;
            }
            break;
        }
    }
    if (title < n) {
        b[title].role = ROLE_TITLE;
        if (subtitle < n) b[subtitle].role = ROLE_SUBTITLE;
        for (size_t i = title + 1; i < first; i++) {
            if (i == subtitle || pre_body_skippable(t, &b[i])) continue;
            if (block_is_heading(&b[i])) b[i].role = ROLE_HEADING;
        }
    }
    /* Below the body: the first block may be the byline. */
    for (size_t i = last + 1; i < n; i++) {
        if (b[i].furniture) continue;
        const char *s = t + b[i].start;
        size_t len = b[i].end - b[i].start;
        if (text_byline_explicit(s, len) || text_byline_name_like(s, len)) b[i].role = ROLE_BYLINE;
        break;
    }
    /* "By ..." opening the body. */
    if (text_byline_explicit(t + b[first].start, b[first].end - b[first].start))
        b[first].role = ROLE_BYLINE;
}

/* Fill title/subtitle/author/date from their blocks (unless already known). */
static int take_fields(orr_doc *doc, const block *b, size_t n, size_t first) {
    for (size_t i = 0; i < n; i++) {
        if (i < first && b[i].role == ROLE_DROP && !b[i].furniture && take_dateline(doc, &b[i]))
            return ORR_ENOMEM;
        const char *s = doc->text + b[i].start;
        size_t len = b[i].end - b[i].start;
        if (b[i].role == ROLE_TITLE && !doc->title) {
            if (!(doc->title = text_squeeze(doc->arena, s, len))) return ORR_ENOMEM;
        } else if (b[i].role == ROLE_SUBTITLE && !doc->subtitle) {
            if (!(doc->subtitle = text_squeeze(doc->arena, s, len))) return ORR_ENOMEM;
        } else if (b[i].role == ROLE_BYLINE && !doc->author) {
            if (!(doc->author = text_byline_author(doc->arena, s, len))) return ORR_ENOMEM;
        }
    }
    return ORR_OK;
}

/* Rebuild doc->text from kept blocks; headings become preset spans. */
static int rebuild_text(orr_doc *doc, const block *b, size_t n) {
    size_t total = 1, n_head = 0;
    for (size_t i = 0; i < n; i++)
        if (b[i].role == ROLE_BODY || b[i].role == ROLE_HEADING) {
            total += b[i].end - b[i].start + 2;
            n_head += b[i].role == ROLE_HEADING;
        }
    char *text = orr_arena_alloc(doc->arena, total);
    orr_sentence *heads = orr_arena_alloc(doc->arena, (n_head ? n_head : 1) * sizeof *heads);
    if (!text || !heads) return ORR_ENOMEM;
    size_t o = 0, h = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i].role != ROLE_BODY && b[i].role != ROLE_HEADING) continue;
        if (o) {
            text[o++] = '\n';
            text[o++] = '\n';
        }
        size_t len = b[i].end - b[i].start;
        memcpy(text + o, doc->text + b[i].start, len);
        if (b[i].role == ROLE_HEADING) heads[h++] = (orr_sentence){o, o + len, 1};
        o += len;
    }
    text[o] = '\0';
    doc->text = text;
    doc->text_len = o;
    doc->sentences = heads;
    doc->n_sentences = h;
    return ORR_OK;
}

int orr_text_page_layout(orr_doc *doc, orr_error *err) {
    if (!doc->text || doc->text_len == 0) return ORR_OK;
    size_t n;
    block *b = find_blocks(doc->arena, doc->text, doc->text_len, &n);
    if (!b || mark_repeats(doc->arena, b, n))
        return orr_error_set(err, ORR_ENOMEM, "out of memory laying out %s",
                             doc->origin ? doc->origin : "text");
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; i++)
        if (block_is_paragraph(&b[i])) {
            if (first == n) first = i;
            last = i;
        }
    if (first == n) return ORR_OK;  /* no prose: leave the text as it is */
    assign_roles(doc, b, n, first, last);
    if (take_fields(doc, b, n, first) || rebuild_text(doc, b, n))
        return orr_error_set(err, ORR_ENOMEM, "out of memory laying out %s",
                             doc->origin ? doc->origin : "text");
    return ORR_OK;
}
