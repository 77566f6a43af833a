/*
** tokenize.c — tokens in the UD English (EWT) convention, as byte spans.
**
** White space separates chunks; inside a chunk the scanner takes words and
** punctuation.  A word is a run of letters and digits joined by:
**   .  before a letter or digit (U.S.A, 3.5, a.m)   , :  between digits
**   /  in dates (2/13/2001), not in fractions (1 / 2)
**   -  after a number or a prefix (30-day, e-mail, co-op, 713-853-3989);
**      other hyphens are tokens (search - engine, 5 - 10, F - 16)
**   '  inside a word (O'Neil; clitics are split off below)
**   &  between capitals (AT&T)
** A period after an abbreviation stays with it (Mr. U.S. etc. Jan.) except
** at the end of the span ("etc" ".", "U.S" "." as EWT does); any other period, and
** runs such as "..." ".?" "--" "<<", are tokens of their own.  A number
** and its unit are two tokens (5 pm, 65 k).
** Clitics split as in EWT: do|n't, he|'s, I|'m, they|'re, we|'ve, I|'ll,
** I|'d, can|not, gon|na, wan|na, got|ta, do|nt.  URLs and e-mail addresses
** stay whole; common emoticons are one token.
**
** orr_text_token_continues_word() tells which tokens were cut from one
** surface word (EWT's multiword tokens: "don't" = do + n't).
*/
#include "text.h"

#include <strings.h>

typedef struct tok_list {
    orr_token *items;
    size_t n;
} tok_list;

static void tok_push(tok_list *l, size_t start, size_t end) {
    if (end > start) l->items[l->n++] = (orr_token){(uint32_t)start, (uint32_t)end};
}

static int32_t at(const char *t, size_t i, size_t end, size_t *n) {
    if (i >= end) {
        *n = 0;
        return 0;
    }
    return text_decode(t, i, end, n);
}

/* Prefixes that keep their hyphen in EWT (e-mail, co-workers, non-human). */
static int is_hyphen_prefix(const char *s, size_t len) {
    static const char *const prefixes[] = {
        "anti", "bi", "co", "counter", "cross", "de", "e", "ex", "inter", "intra", "mid", "mis",
        "multi", "neo", "non", "post", "pre", "pro", "pseudo", "quasi", "re", "semi", "sub", "super",
        "trans", "ultra", "un", "vice",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strlen(prefixes[i]) == len && strncasecmp(prefixes[i], s, len) == 0) return 1;
    return 0;
}

static int all_digits(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (!text_is_digit((unsigned char)s[i]) && s[i] != '.' && s[i] != ',') return 0;
    return len > 0;
}

static size_t digit_run(const char *t, size_t i, size_t end) {
    size_t k = i;
    while (k < end && text_is_digit((unsigned char)t[k])) k++;
    return k - i;
}

/* Units written against a number that EWT splits off: 5pm, 65k, 50m. */
static int is_unit(const char *s, size_t len) {
    static const char *const units[] = {"am", "pm", "k", "m", "mm", "cm", "km", "kg", "ft", "lb",
                                        "lbs", "mb", "gb", "mph", "hrs", "min", "mins", "x"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i]) == len && strncasecmp(units[i], s, len) == 0) return 1;
    return 0;
}

/* Does the character at i (inside a word that began at `seg`) join the word? */
static int joins_word(const char *t, size_t word, size_t seg, size_t i, size_t end) {
    size_t n, m;
    int32_t c = at(t, i, end, &n);
    int32_t next = at(t, i + n, end, &m);
    int32_t prev = i > word ? text_decode(t, text_prev_start(t, word, i), i, &m) : 0;
    switch (c) {
    case '.': return text_is_alnum(next);
    case ',': case ':': return text_is_digit(prev) && text_is_digit(next);
    case '/': { /* dates (2/13/2001) stay whole, fractions and ranges (1/2) split */
        if (i - word == 1 && text_is_letter(prev) && text_is_letter(next) &&
            (i + 2 >= end || !text_is_alnum((unsigned char)t[i + 2])))
            return 1;  /* b/c, w/o, A/C */
        if (!text_is_digit(prev) || !text_is_digit(next)) return 0;
        size_t after = i + 1 + digit_run(t, i + 1, end);
        return memchr(t + word, '/', i - word) != NULL || (after < end && t[after] == '/');
    }
    case '&': return text_is_upper(prev) && text_is_upper(next);
    case '_': return text_is_alnum(next);
    case '@': return text_is_alnum(prev) && text_is_alnum(next);  /* Rice@ENRON */
    case '\'': case 0x2019: return text_is_letter(prev) && text_is_letter(next);
    case '-': {
        if (!text_is_alnum(next)) return 0;
        size_t len = i - seg;
        if (is_hyphen_prefix(t + seg, len)) return 1;
        if (!all_digits(t + seg, len)) return 0;
        if (!text_is_digit(next)) return 1;               /* 30-day */
        size_t right = digit_run(t, i + 1, end);         /* 713-853-3989, 3-5213; not 5-10 */
        return (len == 3 && right >= 3) || (len <= 2 && right == 4);
    }
    default: return 0;
    }
}

/* End of the word starting at i (t[i] is a letter or digit). */
static size_t scan_word(const char *t, size_t i, size_t end) {
    size_t word = i, seg = i, n;
    while (i < end) {
        int32_t c = text_decode(t, i, end, &n);
        if (text_is_alnum(c)) {
            i += n;
            continue;
        }
        if (!joins_word(t, word, seg, i, end)) break;
        i += n;
        if (c == '-') seg = i;
    }
    return i;
}

/* Keep a period after the word t[w,e)?  (abbreviations, initials) */
static int keeps_period(const char *t, size_t w, size_t e, size_t end) {
    if (e >= end || t[e] != '.' || (e + 1 < end && t[e + 1] == '.')) return 0;
    size_t n, k = e + 1;
    while (k < end && text_is_space(text_decode(t, k, end, &n))) k += n;
    int32_t next = at(t, k, end, &n);
    if (e + 1 < end && !text_is_space(text_decode(t, e + 1, end, &n)) &&
        !text_is_closing(text_decode(t, e + 1, end, &n)) && t[e + 1] != ',')
        return 0;  /* "U.S.-led" is handled by the word scanner */
    text_abbrev kind = text_abbrev_class(t + w, e - w);
    /* EWT: a sentence-final "etc." is "etc" + ".", "U.S." is "U.S" + "." */
    if (e + 1 == end && kind != ABBR_TITLE) return 0;
    switch (kind) {
    case ABBR_NONE: return 0;
    case ABBR_NUMBER: return text_is_digit(next);
    case ABBR_AMBIG:
        if (e - w == 1) return text_is_upper((unsigned char)t[w]) && text_is_upper(next);
        return 1;
    default: return 1;
    }
}

typedef struct clitic {
    const char *word;
    unsigned char cut;  /* bytes in the first part */
} clitic;

/* Whole words that EWT splits without an apostrophe. */
static const clitic bare_clitics[] = {
    {"cannot", 3}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}, {"dont", 2}, {"doesnt", 4},
    {"didnt", 3}, {"isnt", 2}, {"wasnt", 3}, {"arent", 3}, {"werent", 4}, {"couldnt", 5},
    {"wouldnt", 5}, {"shouldnt", 6}, {"havent", 4}, {"hasnt", 3}, {"hadnt", 3},
};

/* Where to cut a bare clitic ("cannot") off the word t[w,e); e if none. */
static size_t bare_clitic_cut(const char *t, size_t w, size_t e) {
    size_t len = e - w;
    char lastc = (char)(t[e - 1] | 0x20);
    if (len >= 4 && (lastc == 't' || lastc == 'a'))  /* every bare form ends so */
        for (size_t i = 0; i < sizeof bare_clitics / sizeof bare_clitics[0]; i++)
        if ((t[w] | 0x20) == bare_clitics[i].word[0] && strlen(bare_clitics[i].word) == len &&
            strncasecmp(bare_clitics[i].word, t + w, len) == 0)
            return w + bare_clitics[i].cut;
    return e;
}

/* Where to cut a clitic off the word t[w,e); e if none. */
static size_t clitic_cut(const char *t, size_t w, size_t e) {
    size_t len = e - w;
    size_t bare = bare_clitic_cut(t, w, e);
    if (bare != e) return bare;
    if (!memchr(t + w, '\'', len) && !memchr(t + w, 0xE2, len)) return e;  /* no apostrophe */
    /* n't / n’t */
    for (int apo = 1; apo <= 3; apo += 2) {
        size_t k = (size_t)apo + 2;  /* "n" + apostrophe + "t" */
        if (len > k && (t[e - k] == 'n' || t[e - k] == 'N') && (t[e - 1] == 't' || t[e - 1] == 'T')) {
            const char *a = t + e - k + 1;
            if ((apo == 1 && a[0] == '\'') || (apo == 3 && memcmp(a, "\xE2\x80\x99", 3) == 0))
                return e - k;
        }
    }
    /* 's 're 've 'll 'd 'm */
    static const char *const tails[] = {"s", "re", "ve", "ll", "d", "m"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t tl = strlen(tails[i]);
        if (len <= tl + 1 || strncasecmp(t + e - tl, tails[i], tl) != 0) continue;
        if (t[e - tl - 1] == '\'') return e - tl - 1;
        if (len > tl + 3 && memcmp(t + e - tl - 3, "\xE2\x80\x99", 3) == 0) return e - tl - 3;
    }
    return e;
}

static const char *const emoticons[] = {":-)", ":-(", ":)", ":(", ":D", ":P", ";)", ";-)", ":/", "<3"};

/* Is t[i,end) a URL or e-mail address?  Returns its end, trailing punctuation left out. */
static size_t url_end(const char *t, size_t i, size_t end) {
    size_t j = i, n, at_sign = 0, dot_after = 0;
    int scheme = 0;
    if (end - i > 4096) end = i + 4096;  /* no URL is longer; keeps scanning linear */
    /* most chunks are words: no scheme, no address, no "www." */
    if (!memchr(t + i, ':', end - i) && !memchr(t + i, '@', end - i) &&
        !(end - i > 4 && strncasecmp(t + i, "www.", 4) == 0))
        return i;
    while (j < end && !text_is_space(text_decode(t, j, end, &n))) {
        if (t[j] == ':' && j + 2 < end && t[j + 1] == '/' && t[j + 2] == '/' && j > i) scheme = 1;
        if (t[j] == '@' && j > i) at_sign = j;
        if (t[j] == '.' && at_sign && j + 1 < end && text_is_alnum((unsigned char)t[j + 1])) dot_after = 1;
        j += n;
    }
    if (!text_is_alnum((unsigned char)t[i])) return i;
    int www = end - i > 4 && strncasecmp(t + i, "www.", 4) == 0;
    if (!scheme && !www && !(at_sign && dot_after)) return i;
    while (j > i && strchr(".,;:!?)]}\"'>", t[j - 1])) j--;
    return j;
}

/* Tokenise one white-space-free chunk t[i,end). */
static void tokenize_chunk(tok_list *out, const char *t, size_t i, size_t end, size_t text_end) {
    size_t n, chunk = i;
    int32_t prev = 0;
    while (i < end) {
        int32_t c = text_decode(t, i, end, &n);
        /* URLs start a chunk, perhaps after an opening bracket or quote */
        size_t u = i == chunk || text_is_opening(prev) || prev == '<' ? url_end(t, i, end) : i;
        prev = c;
        if (u > i) {
            tok_push(out, i, u);
            i = u;
            continue;
        }
        if (text_is_alnum(c)) {
            size_t e = scan_word(t, i, end);
            size_t u = e;  /* a unit after a number: 5pm, 7:30PM */
            while (u > i && text_is_letter((unsigned char)t[u - 1])) u--;
            if (u > i && u < e && text_is_digit((unsigned char)t[u - 1]) && is_unit(t + u, e - u)) e = u;
            size_t cut = clitic_cut(t, i, e);
            if (cut > i && cut < e) {
                tok_push(out, i, cut);
                tok_push(out, cut, e);
            } else {
                if (keeps_period(t, i, e, text_end)) e++;
                tok_push(out, i, e);
            }
            i = e;
            continue;
        }
        size_t e = i + n;
        int emo = 0;
        for (size_t k = 0; k < sizeof emoticons / sizeof emoticons[0] && !emo && (c == ':' || c == ';' || c == '<'); k++) {
            size_t el = strlen(emoticons[k]);
            if (el <= end - i && memcmp(t + i, emoticons[k], el) == 0 &&
                (i + el == end || !text_is_alnum((unsigned char)t[i + el]))) {
                e = i + el;
                emo = 1;
            }
        }
        if (!emo && text_is_apostrophe(c)) {  /* a clitic standing alone: 's 'll */
            size_t w = e;
            while (w < end && text_is_letter((unsigned char)t[w])) w++;
            if (w > e && w - e <= 2 && clitic_cut(t, i, w) == i) e = w;
            else if (c == '\'' && e < end && t[e] == '\'') e++;  /* '' */
            else if (c == 0x2019 && e + 3 <= end && (memcmp(t + e, "\xE2\x80\x98", 3) == 0 ||
                                                      memcmp(t + e, "\xE2\x80\x99", 3) == 0))
                e += 3;  /* ’’ */
        } else if (!emo && c == '.' && e < end && t[e] == '.') {
            while (e < end && t[e] == '.') e++;  /* "..." apart from a following "?" */
        } else if (!emo && (c == '.' || c == '?' || c == '!')) {
            while (e < end && (t[e] == '.' || t[e] == '?' || t[e] == '!')) e++;
        } else if (!emo && (c == 0x2018 || c == 0x2019) && e + 3 <= end &&
                   (memcmp(t + e, "\xE2\x80\x98", 3) == 0 || memcmp(t + e, "\xE2\x80\x99", 3) == 0)) {
            e += 3;  /* ‘’ and ’’ as double quotes */
        } else if (!emo && (c == '-' || c == '`' || c == '*' || c == '=' || c == '_' || c == '<' ||
                            c == '>' || c == '$')) {
            while (e < end && t[e] == c) e++;
        }
        tok_push(out, i, e);
        i = e;
    }
}

/*
** Is the chunk t[i,e) of ASCII letters and digits only (87 % of the chunks
** of news text) one token as it stands?  Then tokenize_chunk would find
** exactly that: url_end() needs a ':', '@' or "www."; scan_word() runs to
** the end over letters and digits; keeps_period() needs a '.' after it;
** clitic_cut() needs an apostrophe, but for the bare forms ("cannot").
** What remains is a unit after a number ("5pm") and the bare clitics.
*/
static int plain_chunk_is_token(const char *t, size_t i, size_t e, int has_digit) {
    size_t u = e;
    while (has_digit && u > i && text_is_letter((unsigned char)t[u - 1])) u--;
    if (u > i && u < e && is_unit(t + u, e - u)) return 0;  /* t[u - 1] is a digit */
    return bare_clitic_cut(t, i, e) == e;
}

static int ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* reference: take every chunk through tokenize_chunk (for the tests that
** check the shortcut gives the same tokens). */
static int tokenize_span(orr_arena *arena, const char *text, size_t start, size_t end,
                         orr_token **tokens, size_t *n_tokens, orr_error *err, int reference) {
    *tokens = NULL;
    *n_tokens = 0;
    if (end < start || end > UINT32_MAX)
        return orr_error_set(err, ORR_EUSAGE, "tokenize: bad span [%zu,%zu)", start, end);
    tok_list out = {orr_arena_alloc(arena, (end - start + 1) * sizeof(orr_token)), 0};
    if (!out.items) return orr_error_set(err, ORR_ENOMEM, "out of memory tokenizing");
    size_t i = start, n;
    while (i < end) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80 ? ascii_space(c) : text_is_space(text_decode(text, i, end, &n))) {
            i += c < 0x80 ? 1 : n;
            continue;
        }
        /* the chunk: up to the next white space */
        size_t j = i;
        int plain = 1, digit = 0;  /* ASCII letters and digits only; any digit */
        while (j < end) {
            c = (unsigned char)text[j];
            if (c < 0x80) {
                if (ascii_space(c)) break;
                plain &= ascii_alnum(c);
                digit |= c >= '0' && c <= '9';
                j++;
            } else {
                if (text_is_space(text_decode(text, j, end, &n))) break;
                plain = 0;
                j += n;
            }
        }
        if (plain && !reference && plain_chunk_is_token(text, i, j, digit)) tok_push(&out, i, j);
        else tokenize_chunk(&out, text, i, j, end);
        i = j;
    }
    *tokens = out.items;
    *n_tokens = out.n;
    return ORR_OK;
}

int orr_text_tokenize(orr_arena *arena, const char *text, size_t start, size_t end,
                      orr_token **tokens, size_t *n_tokens, orr_error *err) {
    return tokenize_span(arena, text, start, end, tokens, n_tokens, err, 0);
}

int text_tokenize_reference(orr_arena *arena, const char *text, size_t start, size_t end,
                            orr_token **tokens, size_t *n_tokens, orr_error *err) {
    return tokenize_span(arena, text, start, end, tokens, n_tokens, err, 1);
}

int orr_text_token_continues_word(const char *text, const orr_token *prev, const orr_token *tok) {
    if (!prev || prev->end != tok->start || prev->end <= prev->start || tok->end <= tok->start)
        return 0;
    size_t n;
    int32_t last = text_decode(text, text_prev_start(text, prev->start, prev->end), prev->end, &n);
    int32_t first = text_decode(text, tok->start, tok->end, &n);
    if (!text_is_letter(last)) return 0;  /* "5" + "pm" are two words of two tokens */
    if (text_is_letter(first)) return 1;
    return text_is_apostrophe(first) && tok->start + n < tok->end;
}
