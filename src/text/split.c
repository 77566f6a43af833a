/*
** split.c — sentence splitting for news text.
**
** The text is cut into blocks at blank lines (a block never shares a
** sentence with the next).  Inside a block a line break ends a sentence
** unless the block looks hard-wrapped (Reuters, PETRARCH, e-mail: lines of
** similar width, at most ~120 characters); in wrapped text a break still
** ends a sentence after a short line that closes with punctuation or is in
** capitals (unless the next line goes on in lowercase), or before an
** indented or bulleted line.
**
** Inside a line, a sentence ends at a run of terminators (. ? ! … । ॥ 。)
** plus any closing quotes and brackets, when white space follows.  A
** single period is the hard case; the word before it decides (abbrev.c):
** titles (Mr. Gen.) never end a sentence, No./Vol. not before a number,
** months not before a number, ambiguous forms (Inc. U.S. a.m. initials)
** only before a word that usually opens a sentence ("The", "He"), i.e./
** e.g. never.  A lowercase next word starts a sentence only after a bare
** ? or !, or a period after an ordinary word (web text writes "i think"),
** never after a closing quote ("Why?" he asked) or an ellipsis; the danda
** always ends one, since Devanagari has no case.
**
** Headings found by the page layout arrive as spans already in
** doc->sentences (is_heading = 1); the splitter keeps them and splits the
** text between them.
*/
#include "text.h"

typedef struct splitter {
    const char *t;
    text_spans *out;
    size_t region_first;  /* first output span of the current region */
} splitter;

static inline int is_terminator(int32_t cp) {
    return cp == '.' || cp == '?' || cp == '!' || cp == 0x2026 || cp == 0x0964 || cp == 0x0965 ||
           cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

/* Emit t[start,end) trimmed of white space, if anything is left. */
static int emit(splitter *sp, size_t start, size_t end) {
    size_t n;
    while (start < end && text_is_space(text_decode(sp->t, start, end, &n))) start += n;
    while (end > start) {
        size_t p = text_prev_start(sp->t, start, end);
        if (!text_is_space(text_decode(sp->t, p, end, &n))) break;
        end = p;
    }
    if (start == end) return ORR_OK;
    /* Punctuation alone (". ." "?  ?" a stray ")") belongs to the sentence before. */
    int has_alnum = 0;
    for (size_t i = start; i < end && !has_alnum; i += n)
        has_alnum = text_is_alnum(text_decode(sp->t, i, end, &n));
    text_spans *out = sp->out;
    if (!has_alnum && out->n > sp->region_first && !out->items[out->n - 1].is_heading) {
        out->items[out->n - 1].end = end;
        return ORR_OK;
    }
    return text_spans_push(out, start, end, 0);
}

/* Width of a line in code points, trailing white space excluded. */
static size_t line_width(const char *t, size_t start, size_t end) {
    size_t w = 0, last = 0, n;
    for (size_t i = start; i < end; i += n) {
        /* (n's address is not taken for ASCII, so it stays in a register) */
        int32_t cp = (unsigned char)t[i];
        n = 1;
        if (cp >= 0x80) {
            size_t k;
            cp = text_decode_utf8(t, i, end, &k);
            n = k;
        }
        w++;
        if (!text_is_space(cp)) last = w;
    }
    return last;
}

static size_t block_max_width(const char *t, size_t start, size_t end) {
    size_t max = 0, ls = start;
    for (;;) {
        const char *nl = memchr(t + ls, '\n', end - ls);
        size_t i = nl ? (size_t)(nl - t) : end;
        size_t w = line_width(t, ls, i);
        if (w > max) max = w;
        if (!nl) return max;
        ls = i + 1;
    }
}

/* Does the line after the newline at `nl` open a new unit (indent, bullet)? */
static int next_line_opens(const char *t, size_t nl, size_t end) {
    size_t i = nl + 1;
    if (i < end && (t[i] == ' ' || t[i] == '\t')) return 1;
    if (i < end && (t[i] == '-' || t[i] == '*') && i + 1 < end && t[i + 1] == ' ') return 1;
    return i + 2 < end && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
           (unsigned char)t[i + 2] == 0xA2;  /* • */
}

/* A short line in wrapped text ends a unit if it closes with punctuation
** or is in capitals (a heading); otherwise the text was cut for another
** reason (a dateline removed before it) and goes on. */
static int line_ended_on_purpose(const char *t, size_t start, size_t nl) {
    size_t end = nl, n;
    while (end > start && text_is_space(text_decode(t, text_prev_start(t, start, end), nl, &n)))
        end = text_prev_start(t, start, end);
    if (end == start) return 1;
    int32_t last = text_decode(t, text_prev_start(t, start, end), nl, &n);
    if (is_terminator(last) || text_is_closing(last) || last == ':' || last == ';') return 1;
    for (size_t i = start; i < end; i += n)
        if (text_is_lower(text_decode(t, i, end, &n))) return 0;
    return 1;
}

static int newline_ends_sentence(const char *t, size_t line_start, size_t nl, size_t end,
                                 size_t max_width) {
    if (max_width > 120 || max_width < 30) return 1;  /* not wrapped prose */
    size_t n;
    if (nl + 1 < end && text_is_lower(text_decode(t, nl + 1, end, &n))) return 0;  /* goes on */
    size_t w = line_width(t, line_start, nl);
    if (w == 0) return 1;
    if (w * 10 < max_width * 6 && line_ended_on_purpose(t, line_start, nl)) return 1;
    return next_line_opens(t, nl, end);
}

/* Start and end of the word after white space at i; opening quotes skipped. */
static size_t next_word(const char *t, size_t i, size_t end, size_t *word_end) {
    size_t n;
    while (i < end && text_is_space(text_decode(t, i, end, &n))) i += n;
    while (i < end && text_is_opening(text_decode(t, i, end, &n))) i += n;
    size_t j = i;
    while (j < end && text_is_alnum(text_decode(t, j, end, &n))) j += n;
    *word_end = j;
    return i;
}

/* The word just before a period at `dot`, leading opening quotes dropped. */
static size_t word_before(const char *t, size_t floor, size_t dot) {
    size_t i = dot, n;
    while (i > floor) {
        size_t p = text_prev_start(t, floor, i);
        if (text_is_space(text_decode(t, p, dot, &n))) break;
        i = p;
    }
    while (i < dot && text_is_opening(text_decode(t, i, dot, &n))) i += n;
    return i;
}

/* Is t[w..] the first word of the sentence starting at floor? */
static int first_word(const char *t, size_t floor, size_t w) {
    size_t n;
    for (size_t i = floor; i < w; i += n)
        if (text_is_alnum(text_decode(t, i, w, &n))) return 0;
    return 1;
}

/* Lowercase words that continue after an unknown abbreviation ("approx.
** five", "Dept. of") rather than start a sentence. */
static int lowercase_continues(const char *w, size_t len) {
    static const char *const words[] = {"and", "of", "or", "the", "to"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0) return 1;
    return 0;
}

/*
** Is there a sentence boundary after the terminator run t[run,run_end)
** (closing quotes included up to `after`), given the block ends at `end`?
*/
static int is_boundary(const char *t, size_t floor, size_t run, size_t run_end, size_t after,
                       size_t end) {
    size_t n, word_end;
    size_t nx = next_word(t, after, end, &word_end);
    if (nx >= end) return 1;
    int32_t first = text_decode(t, nx, end, &n);
    int dots = 0, others = 0;
    for (size_t i = run; i < run_end; i += n) {
        int32_t cp = text_decode(t, i, run_end, &n);
        if (cp == 0x0964 || cp == 0x0965 || cp == 0x3002) return 1;  /* danda, ideographic */
        if (cp == '.') dots++;
        else others++;
    }
    int quoted = after > run_end;
    if (text_is_lower(first)) {
        /* "Why?" he asked / Inc. said: no.  Web text starts sentences in
        ** lowercase, so a bare ? ! or a period after an ordinary word of
        ** two or more characters still ends one. */
        if (quoted || dots > 1 || run_end - run > 1) return 0;
        if (others) return 1;
        size_t w = word_before(t, floor, run);
        return run - w >= 2 && text_abbrev_class(t + w, run - w) == ABBR_NONE &&
               !lowercase_continues(t + nx, word_end - nx);
    }
    if (others || dots > 1) return 1;
    size_t w = word_before(t, floor, run);
    if (run - w <= 2 && text_is_digit((unsigned char)t[w]) && text_is_digit((unsigned char)t[run - 1]) &&
        first_word(t, floor, w))
        return 0;  /* a list number: "2. The second point" */
    switch (text_abbrev_class(t + w, run - w)) {
    case ABBR_NONE: return 1;
    case ABBR_TITLE: case ABBR_NEVER: return 0;
    case ABBR_NUMBER: return !text_is_digit(first);
    case ABBR_MONTH:
        if (text_is_digit(first)) return 0;
        /* fall through */
    case ABBR_AMBIG: return text_is_sentence_starter(t + nx, word_end - nx);
    }
    return 1;
}

/* "(We fly next day.\n) Then": a bracket left over after the sentence
** end belongs to it. Returns the new end (or `after` unchanged). */
static size_t stray_bracket_end(const char *t, size_t after, size_t end) {
    size_t i = after, n;
    while (i < end && text_is_space(text_decode(t, i, end, &n))) i += n;
    if (i < end && (t[i] == ')' || t[i] == ']') &&
        (i + 1 >= end || text_is_space(text_decode(t, i + 1, end, &n))))
        return i + 1;
    return after;
}

/* The first byte at or after i that is not ASCII or is a line break or a
** terminator (. ? !), or end. */
static size_t skip_plain(const char *t, size_t i, size_t end) {
    const unsigned char *p = (const unsigned char *)t + i, *e = (const unsigned char *)t + end;
    while (p < e && *p < 0x80 && *p != '\n' && *p != '.' && *p != '?' && *p != '!') p++;
    return (size_t)(p - (const unsigned char *)t);
}

static int split_block(splitter *sp, size_t start, size_t end) {
    const char *t = sp->t;
    /* the lines' widths matter only at a line break: a block of one line
       (a JSON-lines body) is not measured */
    size_t max_width = 0;
    int measured = 0;
    size_t sent = start, line_start = start, i = start, n;
    while (i < end) {
        /* most bytes are ASCII and neither a line break nor a terminator */
        i = skip_plain(t, i, end);
        if (i >= end) break;
        int32_t cp = text_decode(t, i, end, &n);
        if (cp == '\n') {
            if (!measured) {
                max_width = block_max_width(t, start, end);
                measured = 1;
            }
            if (newline_ends_sentence(t, line_start, i, end, max_width)) {
                if (emit(sp, sent, i)) return ORR_ENOMEM;
                sent = i + 1;
            }
            line_start = i + 1;
            i++;
            continue;
        }
        if (!is_terminator(cp)) {
            i += n;
            continue;
        }
        size_t run = i, run_end = i;
        while (run_end < end && is_terminator(text_decode(t, run_end, end, &n))) run_end += n;
        size_t after = run_end;
        while (after < end && text_is_closing(text_decode(t, after, end, &n))) after += n;
        if ((after >= end || text_is_space(text_decode(t, after, end, &n))) &&
            is_boundary(t, sent, run, run_end, after, end)) {
            after = stray_bracket_end(t, after, end);
            if (emit(sp, sent, after)) return ORR_ENOMEM;
            sent = after;
        }
        i = after;
    }
    return emit(sp, sent, end);
}

/* A blank line (only spaces/tabs between two newlines) ends a block. */
static size_t blank_line_after(const char *t, size_t nl, size_t end) {
    size_t i = nl + 1;
    while (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) i++;
    return i < end && t[i] == '\n' ? i : 0;
}

static int split_region(splitter *sp, size_t start, size_t end) {
    size_t block = start;
    sp->region_first = sp->out->n;
    for (size_t i = start; i < end; i++) {
        const char *nl = memchr(sp->t + i, '\n', end - i);
        if (!nl) break;
        i = (size_t)(nl - sp->t);
        size_t blank = blank_line_after(sp->t, i, end);
        if (!blank) continue;
        if (split_block(sp, block, i)) return ORR_ENOMEM;
        block = blank;
        i = blank;
    }
    return split_block(sp, block, end);
}

int orr_text_split_sentences(orr_doc *doc, orr_error *err) {
    const orr_sentence *preset = doc->sentences;
    size_t n_preset = doc->n_sentences;
    text_spans out = {doc->arena, NULL, 0, 0};
    splitter sp = {doc->text ? doc->text : "", &out, 0};
    size_t pos = 0, len = doc->text ? doc->text_len : 0;
    for (size_t k = 0; k < n_preset; k++) {
        if (preset[k].start < pos || preset[k].end < preset[k].start || preset[k].end > len)
            return orr_error_set(err, ORR_EINTERNAL,
                                 "%s: heading span %zu [%zu,%zu) out of order or outside the text",
                                 doc->origin ? doc->origin : "document", k, preset[k].start,
                                 preset[k].end);
        if (split_region(&sp, pos, preset[k].start) ||
            text_spans_push(&out, preset[k].start, preset[k].end, preset[k].is_heading))
            return orr_error_set(err, ORR_ENOMEM, "out of memory splitting sentences");
        pos = preset[k].end;
    }
    if (split_region(&sp, pos, len))
        return orr_error_set(err, ORR_ENOMEM, "out of memory splitting sentences");
    doc->sentences = out.items;
    doc->n_sentences = out.n;
    return ORR_OK;
}
