/*
** read_agents.c — agent dictionaries (PETRARCH-2 / TABARI):
**
**   !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     # substitution set
**   POLICE!PERSON!  [~COP]                        # one entry per member
**   FOREIGN_MINISTER  [~GOVFRM]                   # plural made: ..._MINISTERS
**   ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG] # irregular plural
**   POLICE {} [~COP]                              # no plural
**   HUMAN_RIGHTS_BODY  [NGO~]                     # code goes before the actor
**
** Regular plurals: +S, Y -> IES, SS -> SSES (the documented rule).
** Substituted phrases get no plural.
*/
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct agent_subst { char name[32]; const char *list; size_t len; } agent_subst;

static int agent_phrase(orr_dict_builder *b, const char *s, size_t n, uint32_t entry,
                        size_t line) {
    uint32_t prev;
    int rc = dict_add_phrase(b, s, n, SLOT_AGENT, entry, &prev);
    if (rc < 0) return -1;
    if (rc == 0) { dict_diag(b, line, 2, "agent phrase has no words"); return 0; }
    DICT_AT(b->files, dict_file, b->file).phrases++;
    if (prev && prev - 1 != entry) {
        const dict_agent *o = &DICT_AT(b->agents, dict_agent, prev - 1);
        const dict_agent *a = &DICT_AT(b->agents, dict_agent, entry);
        if (strcmp(dict_str_at(b, o->code), dict_str_at(b, a->code)) != 0 || o->flags != a->flags)
            dict_diag(b, line, o->file == a->file ? 1 : 0,
                      "agent phrase '%.*s' also at line %u with code %s; this one (%s) wins",
                      (int)n, s, o->line, dict_str_at(b, o->code), dict_str_at(b, a->code));
    }
    return 0;
}

/* Regular plural of the phrase's last word. */
static size_t agent_plural(const char *s, size_t n, char *out, size_t cap) {
    if (n + 3 >= cap || n == 0) return 0;
    memcpy(out, s, n);
    char last = (char)(s[n - 1] | 0x20), prev = n > 1 ? (char)(s[n - 2] | 0x20) : 0;
    if (last == 'y' && prev != 'a' && prev != 'e' && prev != 'o' && prev != 'u') {
        memcpy(out + n - 1, "IES", 3);
        return n + 2;
    }
    if (last == 's' && prev == 's') { memcpy(out + n, "ES", 2); return n + 2; }
    out[n] = 'S';
    return n + 1;
}

/* Expand the first !NAME! marker (recursively for the rest); no plurals. */
static int agent_expand(orr_dict_builder *b, const char *s, size_t n, uint32_t entry,
                        size_t line, const dict_vec *substs, int *expanded) {  /* *expanded: phrases made */
    if (*expanded > 1000) return 0;   /* capped: prune whole branches too */
    const char *m1 = memchr(s, '!', n);
    const char *m2 = m1 ? memchr(m1 + 1, '!', n - (size_t)(m1 - s) - 1) : NULL;
    if (!m2) {
        /* substitution sets multiply: cap the phrases one line can make */
        if (++*expanded > 1000) {
            if (*expanded == 1001) dict_diag(b, line, 2, "more than 1000 substituted phrases: rest dropped");
            return 0;
        }
        return agent_phrase(b, s, n, entry, line);
    }
    size_t name_len = (size_t)(m2 - m1) + 1;
    for (size_t k = 0; k < substs->n; k++) {
        const agent_subst *sub = &DICT_AT(*substs, agent_subst, k);
        if (strlen(sub->name) != name_len || memcmp(sub->name, m1, name_len) != 0) continue;
        size_t i = 0;
        while (i < sub->len) {
            size_t j = i;
            while (j < sub->len && sub->list[j] != ',') j++;
            const char *item = sub->list + i;
            size_t il = j - i;
            while (il && (*item == ' ' || *item == '\t')) { item++; il--; }
            while (il && (item[il - 1] == ' ' || item[il - 1] == '\t')) il--;
            char buf[512];
            size_t pre = (size_t)(m1 - s), post = n - (size_t)(m2 + 1 - s);
            if (il && pre + il + post < sizeof buf) {
                memcpy(buf, s, pre);
                memcpy(buf + pre, item, il);
                memcpy(buf + pre + il, m2 + 1, post);
                if (agent_expand(b, buf, pre + il + post, entry, line, substs, expanded) != 0)
                    return -1;
            }
            i = j + 1;
        }
        return 0;
    }
    dict_diag(b, line, 2, "unknown substitution set %.*s (define it with %.*s = A, B, ...)",
              (int)name_len, m1, (int)name_len, m1);
    return 0;
}

static int agent_code(orr_dict_builder *b, const char *c, size_t cl, size_t line, dict_agent *a) {
    if (cl && c[0] == '~') { c++; cl--; }
    else if (cl && c[cl - 1] == '~') { cl--; a->flags |= DICT_AGENT_PREFIX; }
    else dict_diag(b, line, 1, "agent code '%.*s' without '~' (read as ~%.*s)", (int)cl, c, (int)cl, c);
    if (!dict_code_ok(c, cl))
        dict_diag(b, line, 1, "bad agent code shape '%.*s' (expected A-Z/0-9 in groups of 3)", (int)cl, c);
    a->code = dict_str(b, c, cl);
    if (cl && !a->code) return -1;
    for (size_t k = 0; k + 3 <= cl; k += 3) {
        uint32_t chunk = dict_str(b, c + k, 3);
        if (!chunk || dict_vec_push(&b->agent_codes, &chunk) != 0) return -1;
    }
    return 0;
}

/* One entry line: phrase, optional {plurals}, [code]. */
static int agent_line(orr_dict_builder *b, const char *s, size_t n, size_t line,
                      const dict_vec *substs) {
    const char *br = memchr(s, '[', n), *cb = memchr(s, '{', n);
    size_t plen = br ? (size_t)(br - s) : n;
    if (cb && (size_t)(cb - s) < plen) plen = (size_t)(cb - s);
    while (plen && (s[plen - 1] == ' ' || s[plen - 1] == '\t')) plen--;
    dict_agent a = {dict_str(b, s, plen), b->file, (uint32_t)line, 0, 0};
    if (!br) dict_diag(b, line, 1, "agent '%.*s' has no [code]: it matches but codes nothing", (int)plen, s);
    else {
        const char *close = memchr(br, ']', n - (size_t)(br - s));
        const char *close2 = close ? close : memchr(br, '}', n - (size_t)(br - s));
        if (!close) dict_diag(b, line, close2 ? 1 : 2, "'[' closed by %s", close2 ? "'}'" : "nothing");
        if (!close2) return 0;
        const char *c = br + 1;
        size_t cl = (size_t)(close2 - c);
        while (cl && *c == ' ') { c++; cl--; }
        while (cl && c[cl - 1] == ' ') cl--;
        if (agent_code(b, c, cl, line, &a) != 0) return -1;
    }
    if (dict_vec_push(&b->agents, &a) != 0) return -1;
    uint32_t entry = (uint32_t)b->agents.n - 1;
    DICT_AT(b->files, dict_file, b->file).entries++;
    int made = 0;   /* phrases made (counted to cap substitution blow-up) */
    const char *m1 = memchr(s, '!', plen);
    int substituted = m1 && memchr(m1 + 1, '!', plen - (size_t)(m1 - s) - 1) != NULL;
    if (agent_expand(b, s, plen, entry, line, substs, &made) != 0) return -1;
    if (substituted) return 0;
    if (cb && (!br || cb < br)) {   /* explicit plurals, space separated; {} = none */
        const char *ce = memchr(cb, '}', n - (size_t)(cb - s));
        if (!ce) { dict_diag(b, line, 2, "'{' without '}'"); return 0; }
        const char *p = cb + 1;
        while (p < ce) {
            while (p < ce && (*p == ' ' || *p == '\t')) p++;
            const char *q = p;
            while (q < ce && *q != ' ' && *q != '\t') q++;
            if (q > p && agent_phrase(b, p, (size_t)(q - p), entry, line) != 0) return -1;
            p = q;
        }
        return 0;
    }
    char plural[512];
    size_t pl = agent_plural(s, plen, plural, sizeof plural);
    if (pl && agent_phrase(b, plural, pl, entry, line) != 0) return -1;
    return 0;
}

int dict_read_agents(orr_dict_builder *b, const char *data, size_t len) {
    dict_lines it = {data, len, 0, 0};
    dict_line ln;
    dict_vec substs = DICT_VEC(agent_subst);
    int rc = 0;
    while (rc == 0 && dict_next_line(&it, &ln)) {
        const char *s;
        size_t n = dict_strip(ln.s, ln.len, 0, &s);
        if (n == 0 || (n >= 4 && memcmp(s, "<!--", 4) == 0)) continue;
        const char *eq = memchr(s, '=', n);
        if (s[0] == '!' && eq) {
            const char *m2 = memchr(s + 1, '!', n - 1);
            agent_subst sub = {{0}, eq + 1, n - (size_t)(eq + 1 - s)};
            if (!m2 || m2 > eq || (size_t)(m2 - s) + 1 >= sizeof sub.name) {
                dict_diag(b, ln.lineno, 2, "bad substitution set (expected !NAME! = A, B, ...)");
                continue;
            }
            if (memchr(eq + 1, '!', n - (size_t)(eq + 1 - s))) {
                dict_diag(b, ln.lineno, 2, "substitution set contains a '!' marker (no nesting)");
                continue;
            }
            memcpy(sub.name, s, (size_t)(m2 - s) + 1);
            rc = dict_vec_push(&substs, &sub);
            continue;
        }
        rc = agent_line(b, s, n, ln.lineno, &substs);
    }
    free(substs.data);
    return rc;
}
