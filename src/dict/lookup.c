/*
** lookup.c — matching dictionary phrases over a sentence's tokens.
**
** Tokens are first mapped to word ids (seq): each token is folded and
** looked up once; hyphenated tokens become one id per part ("al-Sharaa" =
** "al Sharaa"), a lone "-" is dropped, and a possessive becomes its own id
** (word 0), whether the tokenizer split it off or not.
**
** A match at position i walks the trie from the word's root node while
** the next id has an edge, remembering the last node that ends a phrase of
** each requested kind: longest match per kind, longest overall wins.
** An actor followed (through an optional possessive) by an agent phrase is
** composed: "Indian police" = IND + COP = INDCOP, "Russia's military" =
** RUSMIL.  The code of an actor depends on the date: among the dated
** restrictions that hold on it the most recently started one wins (so on a
** hand-over day the new role applies); otherwise the default code.
*/
#include "dict.h"

#include <stdio.h>

int32_t orr_dict_date(const char *s) {
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return -1;
    char buf[9] = {s[0], s[1], s[2], s[3], s[5], s[6], s[8], s[9], 0};
    return dict_parse_date(buf, 8);
}

static int seq_push(orr_arena *arena, orr_dict_seq *seq, uint32_t id, uint32_t tok) {
    if (seq->n == seq->cap) {
        size_t cap = seq->cap ? seq->cap * 2 : 64;
        uint32_t *ids = orr_arena_alloc(arena, cap * sizeof *ids);
        uint32_t *toks = orr_arena_alloc(arena, cap * sizeof *toks);
        if (!ids || !toks) return ORR_ENOMEM;
        if (seq->n) {
            memcpy(ids, seq->ids, seq->n * sizeof *ids);
            memcpy(toks, seq->tok, seq->n * sizeof *toks);
        }
        seq->ids = ids;
        seq->tok = toks;
        seq->cap = cap;
    }
    seq->ids[seq->n] = id;
    seq->tok[seq->n++] = tok;
    return ORR_OK;
}

static int seq_token(const orr_dict *d, orr_arena *arena, orr_dict_seq *seq, const char *s,
                     size_t len, uint32_t t) {
    if (len == 1 && s[0] == '-') return ORR_OK;
    /* Folding makes the pronoun "us" the country "US": only the pronoun is
    ** ever written in lower case, so it is no dictionary word. */
    if (len == 2 && s[0] == 'u' && s[1] == 's') return seq_push(arena, seq, DICT_NONE, t);
    /* A plain token (ASCII letters, digits and dots: most tokens) is one
       part with no possessive, and dict_fold makes it its letters and
       digits in lower case: fold and hash it in one pass.  Up to 254
       bytes, so that dict_fold would not have given up on its length. */
    if (len <= 254) {
        char folded[256];
        size_t fl = 0, k = 0;
        uint32_t h = 2166136261u;  /* dict_hash's FNV-1a */
        for (; k < len; k++) {
            unsigned c = (unsigned char)s[k];
            if (c == '.') continue;
            if (c >= 'A' && c <= 'Z') c += 32;
            else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) break;
            folded[fl++] = (char)c;
            h = (h ^ c) * 16777619u;
        }
        if (k == len) {
            /* "Russia" "'" "s": the s completes the possessive already pushed */
            if (fl == 1 && folded[0] == 's' && seq->n && seq->ids[seq->n - 1] == 0 &&
                seq->tok[seq->n - 1] + 1 == t) {
                seq->tok[seq->n - 1] = t;
                return ORR_OK;
            }
            return seq_push(arena, seq, fl ? dict_word_find_hashed(d, folded, fl, h) : DICT_NONE, t);
        }
    }
    size_t i = 0;
    do {
        size_t j = i;
        while (j < len && s[j] != '-') j++;
        if (j > i || len == 0) {
            char folded[256];
            int poss = 0;
            size_t fl = dict_fold(s + i, j - i, folded, sizeof folded, &poss);
            uint32_t id = fl ? dict_word_find(d, folded, fl) : DICT_NONE;
            if (fl == 1 && folded[0] == '\'') id = 0;   /* lone apostrophe: possessive */
            /* "Russia" "'" "s": the s completes the possessive already pushed */
            if (fl == 1 && folded[0] == 's' && seq->n && seq->ids[seq->n - 1] == 0 &&
                seq->tok[seq->n - 1] + 1 == t) {
                seq->tok[seq->n - 1] = t;
                i = j + 1;
                continue;
            }
            if ((fl || !poss) && seq_push(arena, seq, id, t) != ORR_OK) return ORR_ENOMEM;
            if (poss && seq_push(arena, seq, 0, t) != ORR_OK) return ORR_ENOMEM;
        }
        i = j + 1;
    } while (i < len);
    return ORR_OK;
}

int orr_dict_seq_tokens(const orr_dict *d, orr_arena *arena, const char *text,
                        const orr_token *tokens, size_t n_tokens, orr_dict_seq *seq) {
    memset(seq, 0, sizeof *seq);
    for (size_t t = 0; t < n_tokens; t++)
        if (seq_token(d, arena, seq, text + tokens[t].start, tokens[t].end - tokens[t].start,
                      (uint32_t)t) != ORR_OK)
            return ORR_ENOMEM;
    return ORR_OK;
}

int orr_dict_seq_strings(const orr_dict *d, orr_arena *arena, const char *const *tokens,
                         size_t n_tokens, orr_dict_seq *seq) {
    memset(seq, 0, sizeof *seq);
    for (size_t t = 0; t < n_tokens; t++)
        if (seq_token(d, arena, seq, tokens[t], strlen(tokens[t]), (uint32_t)t) != ORR_OK)
            return ORR_ENOMEM;
    return ORR_OK;
}

/* Child of node by word (binary search of the node's sorted edges), or 0. */
static uint32_t trie_next(const orr_dict *d, uint32_t node, uint32_t word) {
    const dict_node *nd = &d->nodes[node];
    const dict_edge *e = d->edges + nd->edge_first;
    size_t lo = 0, hi = nd->edge_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (e[mid].word < word) lo = mid + 1;
        else hi = mid;
    }
    return lo < nd->edge_count && e[lo].word == word ? e[lo].child : 0;
}

typedef struct walk_best { uint32_t node[6]; size_t end[6]; } walk_best;

/* Longest phrase of each type starting at seq index i (node 0 = none). */
static void trie_walk(const orr_dict *d, const orr_dict_seq *seq, size_t i, int types,
                      walk_best *best) {
    for (int t = 0; t < 6; t++) best->node[t] = 0;
    if (i >= seq->n || seq->ids[i] == DICT_NONE) return;
    uint32_t node = d->words[seq->ids[i]].root;
    size_t j = i + 1;
    while (node) {
        const dict_node *nd = &d->nodes[node];
        if (nd->actor | nd->agent | nd->discard | nd->issue | nd->verb) {
            uint32_t slots[6] = {0, nd->actor, nd->agent, nd->discard, nd->issue, nd->verb};
            for (int t = 1; t <= 5; t++)
                if (slots[t] && (types & (1 << t))) { best->node[t] = node; best->end[t] = j; }
        }
        if (j >= seq->n || seq->ids[j] == DICT_NONE || nd->edge_count == 0) break;
        node = trie_next(d, node, seq->ids[j]);
        j++;
    }
}

const char *orr_dict_actor_code(const orr_dict *d, uint32_t actor, int32_t date,
                                uint32_t *restriction) {
    *restriction = DICT_NONE;
    if (actor >= d->n[SEC_ACTORS]) return NULL;
    const dict_actor *a = &d->actors[actor];
    uint32_t best = DICT_NONE;
    for (uint32_t k = 0; k < a->restr_count; k++) {
        const dict_restr *r = &d->restr[a->restr_first + k];
        int holds = date > 0 ? (r->from <= date && date <= r->to) : 0;
        if (holds && (best == DICT_NONE || r->from >= d->restr[best].from)) best = a->restr_first + k;
    }
    if (best == DICT_NONE && a->code) return d->str + a->code;
    if (best == DICT_NONE && date <= 0) {   /* no date: the latest-starting role */
        for (uint32_t k = 0; k < a->restr_count; k++)
            if (best == DICT_NONE || d->restr[a->restr_first + k].from >= d->restr[best].from)
                best = a->restr_first + k;
    }
    if (best == DICT_NONE) return NULL;
    *restriction = best;
    return d->str + d->restr[best].code;
}

/* out = a + b, truncated to 31 bytes (no snprintf: this is the hot path). */
static void set_code(char *out, const char *a, const char *b) {
    size_t o = 0;
    while (*a && o < 31) out[o++] = *a++;
    while (*b && o < 31) out[o++] = *b++;
    out[o] = '\0';
}

/* Fill m for an actor entry at [i, e) with an optional agent at [k, e2). */
static void actor_match(const orr_dict *d, uint32_t node, int32_t date, orr_dict_match *m) {
    const dict_node *nd = &d->nodes[node];
    uint32_t actor = nd->actor - 1;
    m->type = ORR_MATCH_ACTOR;
    m->entry = actor;
    m->shadow = nd->shadow ? nd->shadow - 1 : DICT_NONE;
    if (d->actors[actor].flags & DICT_ACTOR_METONYM) m->flags |= ORR_MATCH_METONYM;
    const char *code = orr_dict_actor_code(d, actor, date, &m->restriction);
    if (code && strcmp(code, "---") == 0) code = NULL;
    if (!code) m->flags |= ORR_MATCH_NOCODE;
    else {
        if (m->restriction == DICT_NONE) m->flags |= ORR_MATCH_DEFAULT;
        set_code(m->code, code, "");
    }
}

static void compose_agent(const orr_dict *d, uint32_t agent, orr_dict_match *m) {
    const dict_agent *ag = &d->agents[agent];
    const char *ac = d->str + ag->code;
    m->agent = agent;
    m->flags |= ORR_MATCH_COMPOSED;
    if (!m->code[0] || !ac[0]) return;
    size_t cl = strlen(m->code), al = strlen(ac);
    if (ag->flags & DICT_AGENT_PREFIX) {
        char tmp[32];
        memcpy(tmp, m->code, cl + 1);
        if (!(cl >= al && memcmp(tmp, ac, al) == 0)) set_code(m->code, ac, tmp);
        m->flags |= ORR_MATCH_AGENT_PREFIX;
    } else if (!(cl >= al && strcmp(m->code + cl - al, ac) == 0)) {
        char tmp[32];
        memcpy(tmp, m->code, cl + 1);
        set_code(m->code, tmp, ac);
    }
}

/* The match at seq index i; returns the seq index after it, or 0. */
static size_t match_seq(const orr_dict *d, const orr_dict_seq *seq, size_t i, int32_t date,
                        int types, orr_dict_match *m) {
    /* fast path: most tokens start no phrase at all */
    if (seq->ids[i] == DICT_NONE || !(d->words[seq->ids[i]].hash & (uint32_t)types)) return 0;
    walk_best wb;
    trie_walk(d, seq, i, types, &wb);
    int type = 0;
    size_t end = 0;
    static const int order[] = {ORR_MATCH_ACTOR, ORR_MATCH_AGENT, ORR_MATCH_VERB,
                                ORR_MATCH_DISCARD, ORR_MATCH_ISSUE};
    for (int k = 0; k < 5; k++)
        if (wb.node[order[k]] && wb.end[order[k]] > end) { type = order[k]; end = wb.end[type]; }
    if (!type) return 0;
    m->flags = 0;
    m->code[0] = '\0';
    m->type = type;
    m->agent = m->restriction = m->shadow = DICT_NONE;
    const dict_node *nd = &d->nodes[wb.node[type]];
    switch (type) {
    case ORR_MATCH_ACTOR: actor_match(d, wb.node[type], date, m); break;
    case ORR_MATCH_AGENT:
        m->entry = nd->agent - 1;
        set_code(m->code, d->str + d->agents[m->entry].code, "");
        if (d->agents[m->entry].flags & DICT_AGENT_PREFIX) m->flags |= ORR_MATCH_AGENT_PREFIX;
        break;
    case ORR_MATCH_DISCARD: m->entry = nd->discard - 1; break;
    case ORR_MATCH_ISSUE:
        m->entry = nd->issue - 1;
        set_code(m->code, d->str + d->issues[m->entry].code, "");
        break;
    default: {
        m->entry = nd->verb - 1;
        const dict_vform *f = &d->vforms[m->entry];
        set_code(m->code, d->str + (f->code ? f->code : d->vblocks[f->block].code), "");
    }
    }
    if (type == ORR_MATCH_ACTOR && (types & (1 << ORR_MATCH_AGENT))) {
        size_t k = end + (end < seq->n && seq->ids[end] == 0);
        walk_best ab;
        trie_walk(d, seq, k, 1 << ORR_MATCH_AGENT, &ab);
        if (ab.node[ORR_MATCH_AGENT]) {
            compose_agent(d, d->nodes[ab.node[ORR_MATCH_AGENT]].agent - 1, m);
            end = ab.end[ORR_MATCH_AGENT];
        }
    }
    if ((type == ORR_MATCH_ACTOR || type == ORR_MATCH_AGENT) && end < seq->n && seq->ids[end] == 0) {
        m->flags |= ORR_MATCH_POSSESSIVE;
        end++;
    }
    m->start = seq->tok[i];
    m->end = seq->tok[end - 1] + 1;
    return end;
}

int orr_dict_match_at(const orr_dict *d, const orr_dict_seq *seq, size_t i, int32_t date,
                      int types, orr_dict_match *m) {
    return match_seq(d, seq, i, date, types, m) ? 1 : 0;
}

size_t orr_dict_scan(const orr_dict *d, const orr_dict_seq *seq, int32_t date, int types,
                     orr_dict_match *out, size_t max) {
    size_t found = 0, i = 0;
    orr_dict_match m;
    while (i < seq->n) {
        /* match_seq's fast path, here: most words start no phrase of these
           kinds, and a call costs more than the test */
        uint32_t id = seq->ids[i];
        if (id == DICT_NONE || !(d->words[id].hash & (uint32_t)types)) {
            i++;
            continue;
        }
        size_t e = match_seq(d, seq, i, date, types, &m);
        if (!e) { i++; continue; }
        if (found < max) out[found] = m;
        found++;
        i = e;
    }
    return found;
}

static void fmt_date(int32_t v, char *out, size_t n) {
    if (v <= 0) snprintf(out, n, "open");
    else if (v >= DICT_OPEN_TO) snprintf(out, n, "open");
    else snprintf(out, n, "%04d-%02d-%02d", v / 10000, v / 100 % 100, v % 100);
}

void orr_dict_explain(const orr_dict *d, const orr_dict_match *m, int32_t date, char *buf,
                      size_t size) {
    char when[16], f[16], t[16];
    fmt_date(date, when, sizeof when);
    if (date <= 0) snprintf(when, sizeof when, "no date");
    orr_buf b;
    orr_buf_init(&b);
    if (m->type == ORR_MATCH_ACTOR && m->entry < d->n[SEC_ACTORS]) {
        const dict_actor *a = &d->actors[m->entry];
        orr_buf_printf(&b, "actor %s (%s:%u): ", d->str + a->phrase, d->str + d->files[a->file].name, a->line);
        if (m->restriction != DICT_NONE && m->restriction < d->n[SEC_RESTRICT]) {
            const dict_restr *r = &d->restr[m->restriction];
            fmt_date(r->from, f, sizeof f);
            fmt_date(r->to, t, sizeof t);
            orr_buf_printf(&b, "[%s %s..%s] (line %u) holds on %s", d->str + r->code, f, t, r->line, when);
        } else if (m->flags & ORR_MATCH_NOCODE) {
            orr_buf_printf(&b, "no code holds on %s (%u dated roles, no default)", when, a->restr_count);
        } else {
            orr_buf_printf(&b, "default code [%s]%s", d->str + a->code,
                           a->restr_count ? ": no dated role holds on that date" : "");
        }
        if (m->flags & ORR_MATCH_METONYM) {
            orr_buf_printf(&b, "; metonym (a place standing for its government)");
            if (m->shadow != DICT_NONE && m->shadow < d->n[SEC_ACTORS]) {
                uint32_t r;
                const char *lit = orr_dict_actor_code(d, m->shadow, date, &r);
                orr_buf_printf(&b, ", literal reading %s (%s)", lit ? lit : "none",
                               d->str + d->actors[m->shadow].phrase);
            }
        }
    } else if (m->type == ORR_MATCH_AGENT && m->entry < d->n[SEC_AGENTS]) {
        const dict_agent *a = &d->agents[m->entry];
        orr_buf_printf(&b, "agent %s (%s:%u) [%s%s%s] without an actor", d->str + a->phrase,
                       d->str + d->files[a->file].name, a->line,
                       a->flags & DICT_AGENT_PREFIX ? "" : "~", d->str + a->code,
                       a->flags & DICT_AGENT_PREFIX ? "~" : "");
    } else if (m->type == ORR_MATCH_DISCARD && m->entry < d->n[SEC_DISCARDS]) {
        const dict_discard *x = &d->discards[m->entry];
        orr_buf_printf(&b, "discard %s (%s:%u): %s not coded", d->str + x->phrase,
                       d->str + d->files[x->file].name, x->line, x->flags & DICT_DISCARD_STORY ? "story" : "sentence");
    } else if (m->type == ORR_MATCH_ISSUE && m->entry < d->n[SEC_ISSUES]) {
        const dict_issue *x = &d->issues[m->entry];
        orr_buf_printf(&b, "issue %s (%s:%u) category %s%s", d->str + x->phrase,
                       d->str + d->files[x->file].name, x->line, d->str + x->category,
                       x->flags & DICT_ISSUE_IGNORE ? ", ignore phrase" : "");
    } else if (m->type == ORR_MATCH_VERB && m->entry < d->n[SEC_VFORMS]) {
        const dict_vform *v = &d->vforms[m->entry];
        const dict_vblock *blk = &d->vblocks[v->block];
        orr_buf_printf(&b, "verb %s (%s:%u) in block %s [%s], %u patterns", d->str + v->form,
                       d->str + d->files[blk->file].name, v->line, d->str + blk->name,
                       d->str + blk->code, blk->pattern_count);
    }
    if (m->agent != DICT_NONE && m->agent < d->n[SEC_AGENTS]) {
        const dict_agent *a = &d->agents[m->agent];
        orr_buf_printf(&b, " + agent %s (%s:%u) [%s%s%s]", d->str + a->phrase,
                       d->str + d->files[a->file].name, a->line,
                       a->flags & DICT_AGENT_PREFIX ? "" : "~", d->str + a->code,
                       a->flags & DICT_AGENT_PREFIX ? "~" : "");
    }
    if (m->flags & ORR_MATCH_POSSESSIVE) orr_buf_printf(&b, "; possessive");
    snprintf(buf, size, "%s", b.data ? b.data : "");
    orr_buf_free(&b);
}
