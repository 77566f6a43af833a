/*
** mention.c — actor mentions of a parsed sentence: dictionary matches
** (actors, agents, metonyms), titles joined to the names they introduce
** ("Russian National Security Adviser" + "Mike Waltz"), unknown proper
** names kept as uncoded mentions, and places in locative phrases marked
** so that "in Riyadh" is never a source or target.  The role check lives
** here because it is decided when a title and a name are joined.
*/
#include "code.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
** The syntactic head of tokens [a, b): the token whose head lies outside
** the span.  When a broken parse sends several tokens outside ("Fornost"
** nsubj:pass and "Umbardacil" nsubj of the same verb), the one with a
** core relation to a verb wins, then the last; a case marker or
** punctuation only when nothing else leaves the span.
*/
size_t code_span_head(const code_sent *s, size_t a, size_t b) {
    size_t head = b - 1;
    int best = -1;
    for (size_t i = a; i < b; i++) {
        int h = s->w[i].head - 1;
        if (h >= (int)a && h < (int)b) continue;
        const char *rel = s->w[i].deprel;
        int core = h >= 0 && (strcmp(s->w[h].upos, "VERB") == 0 || strcmp(s->w[h].upos, "AUX") == 0) &&
                   (strncmp(rel, "nsubj", 5) == 0 || strncmp(rel, "obj", 3) == 0 ||
                    strncmp(rel, "iobj", 4) == 0 || strncmp(rel, "obl", 3) == 0);
        int rank = !core ? 1 : strncmp(rel, "nsubj", 5) == 0 && strncmp(rel, "nsubj:pass", 10) != 0 ? 3 : 2;
        /* a marker is never the phrase's head ("Arnor 's" with both sent
           outside: the name, not the possessive "'s") */
        if (strcmp(rel, "case") == 0 || strcmp(rel, "punct") == 0) rank = 0;
        if (rank >= best) { best = rank; head = i; }
    }
    return head;
}

static int lemma_in(const char *lemma, const char *const *list) {
    for (; *list; list++)
        if (strcasecmp(lemma, *list) == 0) return 1;
    return 0;
}

/* Is token t's text one of the words of list (any case)? */
int code_token_in(const code_sent *s, size_t t, const char *const *list) {
    size_t n = s->tok[t].end - s->tok[t].start;
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(s->text + s->tok[t].start, *list, n) == 0) return 1;
    return 0;
}

/* Token t, or the one after it when t is the period an abbreviation's
   last letter left apart ("U.S." + "-based", "U.S." + "Dollar"). */
static size_t past_abbrev_period(const code_sent *s, size_t t) {
    if (t < s->n && s->tok[t].end - s->tok[t].start == 1 && s->text[s->tok[t].start] == '.') t++;
    return t;
}

/*
** "the Luxembourg-based European Investment Bank", "a Portland-based wood
** products company": the place where a body is based, a modifier of the
** noun naming that body; never a source or target (on the Reuters bodies
** such places made 15 to 18 events, all wrong: "Portland" signing a
** contract with the Iraqi government).  An abbreviation's last period
** stands apart ("U.K.-based firms", third pass).  Not "U.S.-made parts":
** buying them is trade with the U.S., as an analyst reads it.
*/
static int based_in(const code_sent *s, const code_mention *m) {
    size_t d = past_abbrev_period(s, m->end);
    if (d + 1 >= s->n) return 0;
    const orr_token *h = &s->tok[d], *b = &s->tok[d + 1];
    if (h->end - h->start != 1 || s->text[h->start] != '-' || h->start != s->tok[d - 1].end) return 0;
    return b->end - b->start == 5 && strncasecmp(s->text + b->start, "based", 5) == 0;
}

/*
** "anti-Baghdad Kurdish guerrillas", "pro-Iranian militias": a prefix
** glued to an actor makes an adjective saying whom the noun is against or
** for; the actor is no party to the verb (third pass).  It keeps its
** role, like a medium carrying a statement: "supported anti-Baghdad
** guerrillas" has found its object, and a place further on ("in northern
** Iraq") is not the target instead.  Only the word as English writes it,
** one token ("anti-Baghdad"): the validation records' "an anti- Gondor
** parade", a space after the hyphen, is PETRARCH's tokenizing, and its
** patterns code Gondor there.
*/
static int prefixed_actor(const code_sent *s, const code_mention *m) {
    static const char *const prefix[] = {"anti-", "pro-", NULL};
    const orr_token *t = &s->tok[m->start];
    for (const char *const *p = prefix; *p; p++) {
        size_t n = strlen(*p);
        if (t->end - t->start > n && strncasecmp(s->text + t->start, *p, n) == 0) return 1;
    }
    return 0;
}

/* A place after a locative preposition ("in Riyadh", "at the UN"), the
** place of "X-based", or the second part of "Riyadh, Saudi Arabia". */
static int is_locative(const code_sent *s, const code_mention *m, const code_mention *prev) {
    static const char *const loc[] = {"in", "at", "near", "inside", "outside", "across",
                                      "throughout", "around", NULL};
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == m->head && strcmp(s->w[i].deprel, "case") == 0 &&
            lemma_in(s->w[i].lemma, loc))
            return 1;
    for (size_t back = 1; back <= 2 && back <= m->start; back++) {
        const orr_word *w = &s->w[m->start - back];
        if (strcmp(w->upos, "ADP") == 0) {
            if (lemma_in(w->lemma, loc)) return 1;
            break;
        }
        static const char *const compass[] = {"north", "south", "east", "west", "northern",
                                              "southern", "eastern", "western", "central", NULL};
        if (strcmp(w->upos, "ADJ") != 0 && strcmp(w->upos, "DET") != 0 && !lemma_in(w->lemma, compass))
            break;
    }
    if (based_in(s, m)) return 1;
    const char *rel = s->w[m->head].deprel;
    if (m->start > 0 && prev && prev->is_location && prev->end + 1 == m->start &&
        strncmp(rel, "nsubj", 5) != 0 && strncmp(rel, "obj", 3) != 0 && strncmp(rel, "iobj", 4) != 0) {
        /* ("In London, the U.S. was supported": a subject, not a place) */
        const orr_token *t = &s->tok[m->start - 1];
        if (t->end - t->start == 1 && s->text[t->start] == ',') return 1;
    }
    return 0;
}

/* Month and weekday names are tagged PROPN but name no actor. */
static int is_calendar(const code_sent *s, size_t i) {
    static const char *const names[] = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", NULL};
    return code_token_in(s, i, names);
}

static int rel_nmod(const char *rel) { return strncmp(rel, "nmod", 4) == 0 || strncmp(rel, "obl", 3) == 0; }

static int case_in(const code_sent *s, size_t h, const char *const *list) {
    for (size_t i = 0; i < s->n; i++)
        if ((size_t)(s->w[i].head - 1) == h && strcmp(s->w[i].deprel, "case") == 0 &&
            lemma_in(s->w[i].lemma, list))
            return 1;
    return 0;
}

static int country_differs(const char *a, const char *b) {
    return a && b && strlen(a) >= 3 && strlen(b) >= 3 && strncmp(a, b, 3) != 0;
}

static char *span_text(orr_arena *arena, const code_sent *s, size_t a, size_t b) {
    size_t from = s->tok[a].start, to = s->tok[b - 1].end;
    return orr_arena_strndup(arena, s->text + from, to - from);
}

/*
** Join a title with the name that follows it when the parse ties them
** (one's head inside the other) or the title carries an agent ("Russian
** National Security Adviser").  The joined mention takes the title's code
** when the title names a country: the sentence's own words are the
** evidence being coded.  When that country differs from the name's dated
** dictionary code, the role check records a warning.
*/
static void join_titles(code_ctx *c, code_sent *s) {
    size_t out = 0;
    for (size_t i = 0; i < s->n_m; i++) {
        code_mention m = s->m[i];
        if (out > 0) {
            code_mention *t = &s->m[out - 1];
            int adjacent = t->end == m.start && !t->is_location && *t->code && *m.code &&
                           (strlen(t->code) > 3 || (t->flags & ORR_MATCH_COMPOSED) || t->is_agent_only) &&
                           !(m.flags & ORR_MATCH_COMPOSED) && !m.is_agent_only &&
                           !(m.flags & ORR_MATCH_POSSESSIVE);  /* "X's" begins a new phrase */
            int tied = adjacent && ((s->w[t->head].head - 1 >= (int)m.start &&
                                     s->w[t->head].head - 1 < (int)m.end) ||
                                    (s->w[m.head].head - 1 >= (int)t->start &&
                                     s->w[m.head].head - 1 < (int)t->end));
            int titled = adjacent && (t->flags & ORR_MATCH_COMPOSED) && !(m.flags & ORR_MATCH_COMPOSED) &&
                         !(t->flags & ORR_MATCH_POSSESSIVE);
            /* "US citizen Kalob Byers": an unknown name in apposition to a coded noun */
            int named = t->end == m.start && *t->code && !*m.code && !m.is_agent_only &&
                        !t->is_location && !(t->flags & ORR_MATCH_POSSESSIVE) &&
                        strlen(t->code) > 3;
            if (named) {
                t->end = m.end;
                t->head = code_span_head(s, t->start, t->end);
                continue;
            }
            if (tied || titled) {
                const char *used = t->code;
                if (t->is_agent_only) used = m.code;
                if (country_differs(t->code, m.code) && !t->is_agent_only &&
                    (c->flags & ORR_CODE_CHECK_ROLES))
                    code_role_warning(c, s, t->start, m.end, t->code, m.code, used);
                t->end = m.end;
                t->code = used;
                t->is_agent_only = 0;
                t->flags |= m.flags & ORR_MATCH_POSSESSIVE;
                t->head = code_span_head(s, t->start, t->end);
                continue;
            }
        }
        s->m[out++] = m;
    }
    s->n_m = out;
}

static void compose_agents(code_ctx *c, code_sent *s);
static void own_conjoined_name(code_sent *s);

/*
** "Brazilian Finance Minister", "Swiss Economics Minister": a nationality
** or country, then up to three capitalized words the dictionary does not
** know, then an agent title is one composed title (BRAGOV) — the words in
** between name the office.  Runs before titles are joined to names, so
** "Brazilian Finance Minister Dilson Funaro" becomes one mention.
*/
static void compose_titles(code_ctx *c, code_sent *s) {
    size_t out = 0;
    for (size_t i = 0; i < s->n_m; i++) {
        code_mention m = s->m[i];
        size_t k = i + 1, end = m.end;
        while (k < s->n_m && k <= i + 3 && s->m[k].start == end && !*s->m[k].code &&
               !s->m[k].is_agent_only)
            end = s->m[k++].end;
        const code_mention *a = k < s->n_m ? &s->m[k] : NULL;
        if (k > i + 1 && a && a->start == end && a->is_agent_only && a->agent_code && *a->agent_code &&
            *m.code && strlen(m.code) == 3 && !m.is_agent_only && !m.is_location &&
            !(m.flags & ORR_MATCH_POSSESSIVE)) {
            char *code = orr_arena_alloc(c->arena, 4 + strlen(a->agent_code));
            if (code) {
                memcpy(code, m.code, 3);
                strcpy(code + 3, a->agent_code);
                m.code = code;
                m.end = a->end;
                m.head = a->head;
                m.flags |= ORR_MATCH_COMPOSED;
                i = k;  /* the office words and the title are part of it */
            }
        }
        s->m[out++] = m;
    }
    s->n_m = out;
}

/* Is token i a hyphen, dash or slash standing alone? */
static int is_dash(const code_sent *s, size_t i) {
    const char *t = s->text + s->tok[i].start;
    size_t n = s->tok[i].end - s->tok[i].start;
    return (n == 1 && (*t == '-' || *t == '/')) ||
           (n == 3 && (memcmp(t, "\xe2\x80\x93", 3) == 0 || memcmp(t, "\xe2\x80\x94", 3) == 0));
}

/*
** "US-Russia relations", "a Trump - Putin meet": two actors joined by a
** hyphen or dash name a relation between them that modifies a noun; neither
** is the source or target of the sentence's verbs.  Nor is the place of
** "X-based", which modifies a noun too.  A news medium that carries a
** statement (above) is marked too: it keeps its role, so that the verb
** does not look further for one, but no event names it.
*/
/* Is a 3-letter part of the code MED (a news medium: "MED", "GBRMED")? */
static int is_medium(const char *code) {
    for (size_t n = strlen(code), i = 0; i + 3 <= n; i += 3)
        if (memcmp(code + i, "MED", 3) == 0) return 1;
    return 0;
}

/* The word before token i, skipping determiners ("told a Reuters
** correspondent"); SIZE_MAX at the start. */
static size_t word_before(const code_sent *s, size_t i) {
    while (i > 0) {
        i--;
        if (strcmp(s->w[i].upos, "DET") != 0) return i;
    }
    return SIZE_MAX;
}

/*
** "told Reuters", "speaking to Reuters", "in an interview with Reuters",
** "said yesterday on U.S. Television": a news medium that is the addressee
** or the channel of a statement carries it; it is no party to it, and no
** party to what the statement reports ("Chigaga told Reuters it was not
** true that Western states had threatened …" made Reuters the source of
** the threat).  Event data codes what the speaker said, not that the
** press heard it; on Reuters such media made one wrong event in fifteen
** (docs/coder.md, "Precision on real news").  It keeps its place in the
** parse: "X told Reuters the mission …" has found its addressee and takes
** no other target.  A medium that acts
** ("Pravda accused …", "the BBC was banned") is not touched.
*/
static int carries_statement(const code_sent *s, const code_mention *m) {
    static const char *const saying[] = {"say", "speak", "talk", "tell", "state", "statement", "remark",
                                         "comment", "interview", "explain", "declare", "announce",
                                         "add", "disclose", "confirm", "deny", "reveal", NULL};
    if (!*m->code || !is_medium(m->code)) return 0;
    size_t b = word_before(s, m->start);
    if (b == SIZE_MAX) return 0;
    if (strcasecmp(s->w[b].lemma, "tell") == 0) return 1;
    const char *prep = s->w[b].lemma;
    size_t c = b > 0 ? b - 1 : SIZE_MAX;
    if (c == SIZE_MAX) return 0;
    if (strcasecmp(prep, "to") == 0 || strcasecmp(prep, "with") == 0)
        return lemma_in(s->w[c].lemma, saying);
    if (strcasecmp(prep, "on") == 0 || strcasecmp(prep, "over") == 0) {
        /* "said on television", "said yesterday on U.S. Television" */
        for (size_t k = 0; k < 3 && c != SIZE_MAX; k++, c = c > 0 ? c - 1 : SIZE_MAX)
            if (lemma_in(s->w[c].lemma, saying) && strcmp(s->w[c].upos, "VERB") == 0) return 1;
    }
    return 0;
}

/*
** "the London Interbank Offered Rate", "the Paris Club", "the Washington
** Post": a capital standing for its government (a metonym: "London said",
** "talks with Paris") is a bare name; as the first word of a longer proper
** name — an unknown capitalized name right after it, with nothing between
** — it names what the longer name names, located there or called after
** it, and not the government. The coder does not know that name, so
** neither part is a source or target (on Reuters "London Interbank" and
** "Paris Club" made GBRGOV and FRAGOV events, all wrong).
*/
static int metonym_in_name(const code_sent *s, size_t i) {
    const code_mention *m = &s->m[i];
    if (!(m->flags & ORR_MATCH_METONYM) || !*m->code || i + 1 >= s->n_m) return 0;
    const code_mention *n = &s->m[i + 1];
    return n->start == m->end && !*n->code && !n->is_agent_only && !(m->flags & ORR_MATCH_POSSESSIVE);
}

/*
** "100 mln Swiss francs of notes", "30 mln Australian dlrs", "the U.S.
** Dollar": an actor right before a currency word names the currency, not
** a party (on Reuters, bond issues "in Swiss francs" were coded as acts on
** Switzerland).  A possessor owns the currency and may act through it
** ("wants Taiwan's currency to appreciate").  It keeps its role, like a medium carrying a statement,
** so the verb takes no other actor instead (third pass).
*/
static int names_currency(const code_sent *s, const code_mention *m) {
    static const char *const money[] = {"franc", "francs", "dollar", "dollars", "dlr", "dlrs", "yen", "mark",
                                        "marks", "pound", "pounds", "stg", "sterling", "lira", "lire", "peso",
                                        "pesos", "crown", "crowns", "krona", "kronor", "krone", "kroner",
                                        "guilder", "guilders", "dinar", "dinars", "rupee", "rupees", "rand",
                                        "schilling", "schillings", "escudo", "escudos", "peseta", "pesetas",
                                        "drachma", "drachmas", "yuan", "rouble", "roubles", "ruble", "rubles",
                                        "riyal", "riyals", "cts", "cents", "currency", NULL};
    if (m->flags & ORR_MATCH_POSSESSIVE) return 0;  /* "wants Taiwan's currency to appreciate" */
    size_t t = past_abbrev_period(s, m->end);
    return t < s->n && code_token_in(s, t, money);
}

/*
** "the Paris accord", "the Tokyo agreements", "the Paris Club": a capital
** naming where an agreement was made, as the word before it, is that
** agreement's name, not a party to it (on Reuters, "Baker stood by the
** Paris agreement" and "Japan will seek to strengthen the Paris accord"
** were coded as acts on the French government).  It keeps its role, like
** a currency, so the verb takes no other actor instead.  Meetings are left
** out: the host of "the Washington talks with Brazil's finance minister"
** or "the Tokyo summit" often is a party.
*/
static int names_venue(const code_sent *s, const code_mention *m) {
    static const char *const things[] = {"accord", "accords", "agreement", "agreements", "pact", "pacts",
                                         "club", "communique", "declaration", "treaty", "consensus",
                                         "understanding", NULL};
    if (!(m->flags & ORR_MATCH_METONYM) || (m->flags & ORR_MATCH_POSSESSIVE) || m->end >= s->n) return 0;
    return code_token_in(s, m->end, things);
}

/*
** "to narrow its trade surplus with the U.S.", "cutting its huge trade
** deficit with Taipei": the partner of a surplus or deficit names whom the
** balance is with, not a party to the verb (on Reuters such phrases made
** tariff cuts and market openings acts on the United States).  It keeps
** its role, like a currency.
*/
static int names_balance_partner(const code_sent *s, const code_mention *m) {
    static const char *const balances[] = {"surplus", "surpluses", "deficit", "deficits", "imbalance",
                                           "imbalances", NULL};
    static const char *const with[] = {"with", NULL};
    size_t h = m->head;
    int up = s->w[h].head - 1;
    if (up < 0 || !code_rel_is(s->w[h].deprel, "nmod") || !case_in(s, h, with)) return 0;
    return lemma_in(s->w[up].lemma, balances);
}

/*
** "failings in the Iran arms affair", "a grand jury investigating the Iran
** arms scandal", "officials linked with the arms-for-Iran scandal": an
** actor inside the name of an affair or scandal names it; it is no party
** to what is done about the affair (fourth pass: on Reuters, "Shultz
** acknowledged failings in the Iran arms affair" was an act on Iran).  It
** keeps its role, like a currency.  Only the singular nouns: "Foreign
** Affairs" names a ministry.
*/
static int names_affair(const code_sent *s, const code_mention *m) {
    static const char *const affairs[] = {"affair", "scandal", "scandals", NULL};
    size_t h = m->head;
    for (int step = 0; step < 4; step++) {
        const char *rel = s->w[h].deprel;
        int up = s->w[h].head - 1;
        if (up < 0 || !(code_rel_is(rel, "compound") || code_rel_is(rel, "nmod") || code_rel_is(rel, "amod") ||
                        code_rel_is(rel, "flat") || code_rel_is(rel, "conj")))
            return 0;
        h = (size_t)up;
        if (code_token_in(s, h, affairs)) return 1;
    }
    return 0;
}

/*
** "Ford said one of its U.S. car plants will work overtime", "sell its Los
** Angeles television station", "sale of its South African investments":
** an actor between a possessive pronoun and the noun it modifies says
** where the possessor's own plant, station or holdings are; it is no
** party (fourth pass).  It keeps its role, like a currency.  Not when the
** noun names people or a body, who are of that country: "asked their U.S.
** counterparts", "a debenture to its Dutch parent", "through its Canadian
** bank subsidiary".
*/
static int names_own_branch(const code_sent *s, const code_mention *m) {
    static const char *const owners[] = {"its", "their", "his", "her", "our", NULL};
    static const char *const bodies[] = {
        "counterpart", "colleague", "partner", "parent", "subsidiary", "unit", "affiliate", "ally",
        "neighbour", "neighbor", "rival", "competitor", "creditor", "client", "customer", "supplier",
        "owner", "shareholder", "official", "delegation", "friend", "critic", "bank", "company", "firm",
        "government", "minister", "people", "worker", "member", "branch", "arm", NULL};
    if (m->start == 0 || (m->flags & ORR_MATCH_POSSESSIVE) || !code_token_in(s, m->start - 1, owners)) return 0;
    const char *rel = s->w[m->head].deprel;
    int up = s->w[m->head].head - 1;
    if (up <= (int)m->head || !(code_rel_is(rel, "compound") || code_rel_is(rel, "amod")) ||
        strcmp(s->w[up].upos, "NOUN") != 0)
        return 0;
    /* the noun phrase's head: "its U.S. truck assembly plants" */
    size_t h = (size_t)up;
    for (int step = 0; step < 3 && code_rel_is(s->w[h].deprel, "compound") && s->w[h].head - 1 > (int)h; step++)
        h = (size_t)(s->w[h].head - 1);
    return !lemma_in(s->w[h].lemma, bodies) && !lemma_in(s->w[up].lemma, bodies);
}

/*
** "negotiating with New York bankers", "other Frankfurt dealers said",
** "on the Amsterdam bourse": a place name used as a noun modifier of the
** people or the exchange of a money market says where they trade; it is no
** party (fifth pass; the judges called "New York" a place coded as actor
** there).  A country is written as an adjective in that position
** ("Japanese bankers", "West German dealers") or as an abbreviation ("U.S.
** bankers"), both still actors; so only a proper noun with no period, not
** all capitals and not ending as a nationality adjective does ("Canadian",
** "Dutch", "Iraqi", "Swiss"), coded as a bare country or as a capital
** standing for its government ("Tokyo dealers" are no JPNGOV), right
** before the noun.
*/
static int names_trading_place(const code_sent *s, const code_mention *m) {
    static const char *const traders[] = {"banker", "bankers", "dealer", "dealers", "trader", "traders",
                                          "broker", "brokers", "bourse", NULL};
    size_t h = m->head;
    if (m->end >= s->n || (strlen(m->code) != 3 && !(m->flags & ORR_MATCH_METONYM)) ||
        (m->flags & ORR_MATCH_POSSESSIVE))
        return 0;
    if (strcmp(s->w[h].upos, "PROPN") != 0 || !code_rel_is(s->w[h].deprel, "compound")) return 0;
    if (!code_token_in(s, m->end, traders)) return 0;
    int lower = 0;
    for (size_t t = m->start; t < m->end; t++)
        for (uint32_t b = s->tok[t].start; b < s->tok[t].end; b++) {
            char ch = s->text[b];
            if (ch == '.') return 0;
            lower |= ch >= 'a' && ch <= 'z';
        }
    if (!lower) return 0;
    /* the tagger makes nationality adjectives proper nouns too ("the
       Canadian banker", "Dutch dealers"): not places */
    static const char *const nationality[] = {"ian", "ean", "ese", "ish", "ch", "i", "ss", NULL};
    size_t last = m->end - 1, n = s->tok[last].end - s->tok[last].start;
    const char *w = s->text + s->tok[last].start;
    for (const char *const *e = nationality; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strncmp(w + n - k, *e, k) == 0) return 0;
    }
    return 1;
}

/*
** "The New York Times quoted Senator Nickles as saying …", "officials were
** quoted by the New York Times as saying …": a news medium that quotes
** someone carries that person's statement; it is no party to it (third
** pass; the same reading as "told Reuters", carries_statement).  So does
** one that monitors another's broadcast ("IRNA, monitored by the British
** Broadcasting Corp, said …": fourth pass).
*/
static int quotes_someone(const code_sent *s, const code_mention *m) {
    if (!*m->code || !is_medium(m->code)) return 0;
    size_t h = m->head;
    int up = s->w[h].head - 1;
    if (up < 0 || (strcasecmp(s->w[up].lemma, "quote") != 0 && strcasecmp(s->w[up].lemma, "monitor") != 0))
        return 0;
    return code_rel_is(s->w[h].deprel, "nsubj") || code_rel_is(s->w[h].deprel, "obl");
}

static void mark_pairs(code_sent *s) {
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        code_mention *a = &s->m[i], *b = &s->m[i + 1];
        /* an abbreviation's last period stands apart ("U.S.-Japanese pact",
           "the U.S./Japan agreement": fourth pass) */
        size_t d = past_abbrev_period(s, a->end);
        if (!*a->code || !*b->code || d >= s->n || b->start != d + 1 || !is_dash(s, d)) continue;
        a->is_pair = b->is_pair = 1;
    }
    for (size_t i = 0; i < s->n_m; i++)
        if (based_in(s, &s->m[i])) s->m[i].is_pair = 1;
    for (size_t i = 0; i < s->n_m; i++)
        s->m[i].is_channel = carries_statement(s, &s->m[i]) || quotes_someone(s, &s->m[i]) ||
                             prefixed_actor(s, &s->m[i]) || names_currency(s, &s->m[i]) ||
                             names_venue(s, &s->m[i]) || names_balance_partner(s, &s->m[i]) ||
                             names_affair(s, &s->m[i]) || names_own_branch(s, &s->m[i]) ||
                             names_trading_place(s, &s->m[i]);
}
static void distribute_actor(code_ctx *c, code_sent *s);

/*
** "former security officials", "former Gondor prosecutors": CAMEO codes
** former office holders as elites (ELI: "former government officials,
** celebrities, …"), not as the office they held, and so did TABARI.  A
** match right after "former" whose agent is a state office (GOV, MIL,
** COP, JUD, LEG, SPY) takes ELI instead of that agent code and "former"
** into its span, so the agent phrase still composes with the actor before
** it ("Arnor former security officials" -> ARNELI).  free_from: the first
** token not inside the previous match.  Returns ORR_ENOMEM or 0.
*/
/* Is token i the word "former"?  The coder's prefilter (codes_may_pair in
** coder.c) asks this too: such a word can turn an office into ELI. */
int code_token_is_former(const code_sent *s, size_t i) {
    const orr_token *t = &s->tok[i];
    return t->end - t->start == 6 && strncasecmp(s->text + t->start, "former", 6) == 0;
}

static int former_elite(code_ctx *c, const code_sent *s, const orr_dict_match *f, code_mention *m,
                        size_t free_from) {
    static const char *const offices[] = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", NULL};
    if (m->start == 0 || m->start - 1 < free_from) return 0;
    if (!code_token_is_former(s, m->start - 1)) return 0;
    const char *agent = m->agent_code;
    orr_dict_agent_info info;
    if (!m->is_agent_only) {  /* a composed match: "Gondor prosecutors" */
        if (!(f->flags & ORR_MATCH_COMPOSED) || f->agent == UINT32_MAX || !*m->code ||
            orr_dict_agent(c->dict, f->agent, &info) || info.prefix)
            return 0;
        agent = info.code;
    }
    if (!agent || !lemma_in(agent, offices)) return 0;
    if (m->is_agent_only) {
        m->agent_code = "ELI";
    } else {
        size_t n = strlen(m->code), k = strlen(agent);
        if (n < k + 3 || strcmp(m->code + n - k, agent) != 0) return 0;
        char *code = orr_arena_alloc(c->arena, n - k + 4);
        if (!code) return ORR_ENOMEM;
        memcpy(code, m->code, n - k);
        strcpy(code + n - k, "ELI");
        m->code = code;
    }
    m->start--;
    return 0;
}

int code_mentions(code_ctx *c, code_sent *s, const orr_dict_seq *seq) {
    size_t cap = s->n + 1;
    orr_dict_match *found = orr_arena_alloc(c->arena, cap * sizeof *found);
    s->m = orr_arena_alloc(c->arena, 2 * cap * sizeof *s->m);  /* room for shared phrases */
    s->cap_m = 2 * cap;
    if (!found || !s->m) return ORR_ENOMEM;
    size_t n = orr_dict_scan(c->dict, seq, s->date, ORR_DICT_ACTORS_AGENTS, found, cap);
    if (n > cap) n = cap;
    char *covered = orr_arena_alloc(c->arena, s->n + 1);
    if (!covered) return ORR_ENOMEM;
    memset(covered, 0, s->n + 1);
    s->n_m = 0;
    for (size_t k = 0; k < n; k++) {
        const orr_dict_match *f = &found[k];
        if (f->end <= f->start || f->end > s->n) continue;
        code_mention *m = &s->m[s->n_m++];
        memset(m, 0, sizeof *m);
        m->start = f->start;
        m->end = f->end;
        m->flags = f->flags;
        m->is_agent_only = f->type == ORR_MATCH_AGENT;
        m->agent_code = m->is_agent_only ? orr_arena_strdup(c->arena, f->code) : NULL;
        m->code = f->type == ORR_MATCH_ACTOR && !(f->flags & ORR_MATCH_NOCODE)
                      ? orr_arena_strdup(c->arena, f->code)
                      : "";
        if (!m->code) return ORR_ENOMEM;
        if (former_elite(c, s, f, m, k ? found[k - 1].end : 0)) return ORR_ENOMEM;
        m->head = code_span_head(s, m->start, m->end);
        memset(covered + m->start, 1, m->end - m->start);
    }
    /* unknown proper names: uncoded mentions, so they are never mistaken
       for a coded actor's place in the sentence */
    for (size_t i = 0; i < s->n; i++) {
        if (covered[i] || strcmp(s->w[i].upos, "PROPN") != 0 || is_calendar(s, i)) continue;
        size_t j = i;
        while (j < s->n && !covered[j] && strcmp(s->w[j].upos, "PROPN") == 0) j++;
        code_mention *m = &s->m[s->n_m++];
        memset(m, 0, sizeof *m);
        m->start = i;
        m->end = j;
        m->code = "";
        m->head = code_span_head(s, i, j);
        i = j - 1;
    }
    /* back in text order */
    for (size_t a = 1; a < s->n_m; a++) {
        code_mention x = s->m[a];
        size_t b = a;
        while (b > 0 && s->m[b - 1].start > x.start) { s->m[b] = s->m[b - 1]; b--; }
        s->m[b] = x;
    }
    for (size_t i = 0; i < s->n_m; i++)
        s->m[i].is_location = is_locative(s, &s->m[i], i ? &s->m[i - 1] : NULL);
    /* before an unknown name after it joins it ("US citizen Kalob Byers") */
    for (size_t i = 0; i < s->n_m; i++)
        if (metonym_in_name(s, i)) s->m[i].is_pair = 1;
    compose_titles(c, s);
    join_titles(c, s);
    compose_agents(c, s);
    own_conjoined_name(s);
    mark_pairs(s);
    return ORR_OK;
}

/*
** "toward Gondor and Arnor's Elrond" parsed with "Arnor's" and "Elrond"
** both conjuncts of "Gondor": a possessive with nothing of its own to own
** cannot stand as a conjunct when a name follows it at once; it owns that
** name, and the two are one mention (as "Ithilen's minister Calimehtar"
** is one).  The possessor's code stands for the pair — the sentence's
** words say whose the name is, the policy of the role check — unless the
** name's own code already begins with it ("Russia's Putin", RUSGOV), which
** says more.  Only when the parse made them siblings: a possessive it
** hung on the name is read as any other.
*/
static void own_conjoined_name(code_sent *s) {
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        code_mention *m = &s->m[i], *nm = &s->m[i + 1];
        if (!(m->flags & ORR_MATCH_POSSESSIVE) || !*m->code || m->dropped || m->is_agent_only) continue;
        if (nm->start != m->end || !*nm->code || nm->dropped || nm->is_agent_only) continue;
        const orr_word *a = &s->w[m->head], *b = &s->w[nm->head];
        if (strcmp(a->deprel, "conj") != 0 || strcmp(b->deprel, "conj") != 0 || a->head != b->head) continue;
        if (strncmp(nm->code, m->code, strlen(m->code)) == 0) m->code = nm->code;
        nm->dropped = 1;
    }
}

/* Is token t inside mention a? */
static int inside(const code_mention *a, int t) { return t >= (int)a->start && t < (int)a->end; }

/*
** "Lawmakers and officials in Fornost and Gondor": an agent phrase
** conjoined to agent phrase i, which composed with the actors of its
** from/of/in phrase, composes with the same actors (FORGOV, GONGOV next to
** FORLEG, GONLEG).  The new mentions share the actors' spans and take the
** conjoined phrase's place in the sentence.  Returns ORR_ENOMEM or 0.
*/
static int share_actors(code_ctx *c, code_sent *s, size_t i) {
    size_t n_before = s->n_m, a_head = s->m[i].head;
    for (size_t j = i + 1; j < n_before; j++) {
        code_mention *b = &s->m[j];
        if (!b->is_agent_only || b->dropped || !b->agent_code || !*b->agent_code) continue;
        if (s->w[b->head].head - 1 != (int)a_head || strncmp(s->w[b->head].deprel, "conj", 4) != 0)
            continue;
        for (size_t k = i + 1; k < n_before; k++) {
            const code_mention *m = &s->m[k];
            if (m->dropped != 2 || m->role_head != a_head || strlen(m->code) < 3) continue;
            if (s->n_m == s->cap_m) return 0;
            char *code = orr_arena_alloc(c->arena, 4 + strlen(b->agent_code));
            if (!code) return ORR_ENOMEM;
            memcpy(code, m->code, 3);
            strcpy(code + 3, b->agent_code);
            code_mention copy = *m;
            copy.code = code;
            copy.role_head = b->head;
            s->m[s->n_m++] = copy;
            b->dropped = 1;
        }
    }
    /* back in text order (stable) */
    for (size_t x = 1; x < s->n_m; x++) {
        code_mention v = s->m[x];
        size_t y = x;
        while (y > 0 && s->m[y - 1].start > v.start) { s->m[y] = s->m[y - 1]; y--; }
        s->m[y] = v;
    }
    return 0;
}

/*
** "Ithilen's minister Calimehtar" parsed with the title a modifier of the
** name (nmod:desc, compound, flat) and the possessive owning the name: the
** owner still owns the title, as when the parse hangs it on the title.
** Whether a parser makes the title or the name the head of the phrase
** is a coin toss between equally accurate models.  True when the mention
** after agent phrase a (index k) is a coded name right after it, the title
** hangs from that name, and the possessor m hangs from it too.
*/
static int owns_titled_name(const code_sent *s, const code_mention *m, const code_mention *a, size_t k) {
    if (k + 1 >= s->n_m) return 0;
    const code_mention *name = &s->m[k + 1];
    if (name->start != a->end || !*name->code || name->is_agent_only || name->dropped) return 0;
    return inside(name, s->w[a->head].head - 1) && inside(name, s->w[m->head].head - 1);
}

/*
** "Ithilen's awful and evil minister Calimehtar" parsed with the
** possessive hanging on "awful" (made a noun, the verb's subject): an
** adjective owns nothing; a possessive determines the noun its
** pre-modifiers lead to.  True when the possessor m hangs on an adjective
** between it and agent phrase a, and only adjectives, adverbs,
** conjunctions and commas stand between m and a.
*/
static int owns_past_adjectives(const code_sent *s, const code_mention *m, const code_mention *a) {
    int h = s->w[m->head].head - 1;
    if (h < (int)m->end || h >= (int)a->start || strcmp(s->w[h].upos, "ADJ") != 0) return 0;
    for (size_t t = m->end; t < a->start; t++) {
        const char *u = s->w[t].upos;
        int comma = s->tok[t].end - s->tok[t].start == 1 && s->text[s->tok[t].start] == ',';
        if (strcmp(u, "ADJ") != 0 && strcmp(u, "ADV") != 0 && strcmp(u, "CCONJ") != 0 && !comma) return 0;
    }
    return 1;
}

/*
** Is mention k joined to a mention the agent phrase i composed with by
** one "and"/"or" or comma and nothing else ("in Fornost and Gondor")?
*/
static int joined_after_composed(const code_sent *s, size_t i, size_t k) {
    const code_mention *m = &s->m[k];
    for (size_t j = i + 1; j < k; j++) {
        const code_mention *p = &s->m[j];
        if (p->dropped != 2 || p->role_head != s->m[i].head || p->end + 1 != m->start) continue;
        const char *f = s->text + s->tok[p->end].start;
        size_t n = s->tok[p->end].end - s->tok[p->end].start;
        if ((n == 3 && strncasecmp(f, "and", 3) == 0) || (n == 2 && strncasecmp(f, "or", 2) == 0) ||
            (n == 1 && *f == ','))
            return 1;
    }
    return 0;
}

/*
** "Soldiers from Gondor", "the ambassadors of Arnor, Osgiliath and Gondor":
** an agent phrase with no actor takes the actors of its from/of/in phrase
** (and their conjuncts): each becomes actor+agent (GONMIL) and stands
** where the agent phrase stands in the sentence.
*/
static void compose_agents(code_ctx *c, code_sent *s) {
    static const char *const preps[] = {"from", "of", "in", NULL};
    for (size_t i = 0; i < s->n_m; i++) {
        code_mention *a = &s->m[i];
        if (!a->is_agent_only || !a->agent_code || !*a->agent_code) continue;
        int composed = 0;
        for (size_t k = i + 1; k < s->n_m; k++) {
            code_mention *m = &s->m[k];
            if (!*m->code || m->is_agent_only) continue;
            /* an actor with an agent of its own ("officials in the White
               House", USAGOV) composes only with another agent (ELI);
               the same agent again is redundant and not suffixed */
            size_t ml = strlen(m->code);
            int redundant = ml >= 6 && strcmp(m->code + ml - 3, a->agent_code) == 0;
            if (ml != 3 && !(ml == 6 && strcmp(a->agent_code, "ELI") == 0) && !redundant) continue;
            int h = s->w[m->head].head - 1;
            int direct = inside(a, h) && rel_nmod(s->w[m->head].deprel) && case_in(s, m->head, preps);
            /* "met the President of Costa Rica" with "of Costa Rica" hung
               on the verb: an "of" phrase right after the agent phrase,
               a sibling of it, is its complement (no verb of meeting,
               signing or attacking takes an "of" phrase) */
            static const char *const of_only[] = {"of", NULL};
            if (!direct && m->start == a->end + 1 && rel_nmod(s->w[m->head].deprel) &&
                case_in(s, m->head, of_only) && s->w[a->head].head > 0 && h == s->w[a->head].head - 1 &&
                code_is_verbal(&s->w[h]))
                direct = 1;
            /* "the parliament of Gondor in Eriador": once an owner is
               found, a later "in" phrase is where it is, not whose */
            static const char *const in_only[] = {"in", NULL};
            if (direct && composed && case_in(s, m->head, in_only)) direct = 0;
            int conj = 0;
            if (!direct && strncmp(s->w[m->head].deprel, "conj", 4) == 0)
                for (size_t j = i + 1; j < k; j++)
                    if (s->m[j].dropped == 2 && inside(&s->m[j], h)) conj = 1;
            /* "Lawmakers and officials in Fornost and Gondor" parsed with
               "Gondor" a third conjunct of "Lawmakers": an actor joined by
               a lone "and" (or comma) to the actor an agent phrase just
               composed with is that actor's conjunct, whichever noun the
               parse hung it on — two names side by side are the pair, not
               a name and a noun three words back */
            if (!direct && !conj && composed && inside(a, h) && strncmp(s->w[m->head].deprel, "conj", 4) == 0 &&
                joined_after_composed(s, i, k))
                conj = 1;
            if (!direct && !conj) continue;
            char *code = orr_arena_alloc(c->arena, strlen(m->code) + strlen(a->agent_code) + 1);
            if (!code) return;
            strcpy(code, m->code);
            if (!redundant) strcat(code, a->agent_code);
            m->code = code;
            m->dropped = 2;  /* composed: its role is the agent phrase's */
            m->role_head = a->head;
            m->is_location = 0;
            composed = 1;
        }
        if (composed) {
            a->dropped = 1;
            if (share_actors(c, s, i)) return;
        }
    }
    /* "Ithilen's awful minister", "MSF Arnor": an actor owning an agent
       phrase, or an agent phrase right before an actor */
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        code_mention *m = &s->m[i];
        for (size_t k = i + 1; k < s->n_m && k <= i + 2; k++) {
            code_mention *a = &s->m[k], *actor = NULL, *agent = NULL;
            if (m->dropped || a->dropped) continue;
            if ((m->flags & ORR_MATCH_POSSESSIVE) && *m->code && strlen(m->code) == 3 &&
                a->is_agent_only && a->agent_code && *a->agent_code &&
                (inside(a, s->w[m->head].head - 1) || owns_titled_name(s, m, a, k) ||
                 owns_past_adjectives(s, m, a))) {
                actor = m; agent = a;
            } else if (m->is_agent_only && m->agent_code && *m->agent_code && m->end == a->start &&
                       *a->code && !a->is_agent_only) {
                actor = a; agent = m;
            }
            if (!actor) continue;
            char *code = orr_arena_alloc(c->arena, strlen(actor->code) + strlen(agent->agent_code) + 1);
            if (!code) return;
            if (agent->flags & ORR_MATCH_AGENT_PREFIX) {
                strcpy(code, agent->agent_code);
                strcat(code, actor->code);
            } else {
                strcpy(code, actor->code);
                strcat(code, agent->agent_code);
            }
            actor->code = code;
            actor->dropped = 2;
            actor->role_head = agent->head;
            agent->dropped = 1;
            /* "Ithilen's minister Calimehtar": the name the owned title
               introduces is that same person */
            if (actor == m && k + 1 < s->n_m && s->m[k + 1].start == agent->end &&
                *s->m[k + 1].code && !s->m[k + 1].is_agent_only)
                s->m[k + 1].dropped = 1;
        }
    }
    distribute_actor(c, s);
}

/* The actor part of a composed code: all but its last agent code. */
static size_t actor_part_len(const char *code) {
    size_t n = strlen(code);
    return n >= 6 ? n - 3 : n;
}

/*
** "Danish Islamist media and government": the nationality (or actor) of a
** composed phrase distributes over the agent phrases it modifies or that
** are coordinated with it.  An agent phrase right after an actor that
** modifies it composes with it ("Danish Islamist" + "media" ->
** DNKMUSMED); an agent phrase conjoined to a composed phrase takes that
** phrase's actor part ("... and government" -> DNKMUSGOV).
*/
static void distribute_actor(code_ctx *c, code_sent *s) {
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        code_mention *m = &s->m[i], *a = &s->m[i + 1];
        if (m->dropped || a->dropped || !*m->code || m->is_agent_only || m->is_location) continue;
        if (!a->is_agent_only || !a->agent_code || !*a->agent_code || a->start != m->end) continue;
        if (!inside(a, s->w[m->head].head - 1)) continue;
        char *code = orr_arena_alloc(c->arena, strlen(m->code) + strlen(a->agent_code) + 1);
        if (!code) return;
        strcpy(code, m->code);
        strcat(code, a->agent_code);
        m->code = code;
        m->end = a->end;
        m->head = a->head;
        m->flags |= ORR_MATCH_COMPOSED;
        a->dropped = 1;
    }
    for (size_t i = 0; i < s->n_m; i++) {
        code_mention *a = &s->m[i];
        if (a->dropped || !a->is_agent_only || !a->agent_code || !*a->agent_code) continue;
        if (strncmp(s->w[a->head].deprel, "conj", 4) != 0) continue;
        int h = s->w[a->head].head - 1;
        for (size_t k = 0; k < i; k++) {
            const code_mention *m = &s->m[k];
            if (m->dropped == 1 || !(m->flags & ORR_MATCH_COMPOSED) || strlen(m->code) < 6 ||
                !inside(m, h))
                continue;
            size_t an = actor_part_len(m->code);
            char *code = orr_arena_alloc(c->arena, an + strlen(a->agent_code) + 1);
            if (!code) return;
            memcpy(code, m->code, an);
            strcpy(code + an, a->agent_code);
            a->code = code;
            a->is_agent_only = 0;
            break;
        }
    }
}

char *code_mention_text(orr_arena *arena, const code_sent *s, const code_mention *m) {
    return span_text(arena, s, m->start, m->end);
}

void code_role_warning(code_ctx *c, const code_sent *s, size_t a, size_t b, const char *title_code,
                       const char *dict_code, const char *used) {
    if (c->n_warnings == c->cap_warnings) {
        size_t cap = c->cap_warnings ? 2 * c->cap_warnings : 4;
        orr_role_warning *w = orr_arena_alloc(c->arena, cap * sizeof *w);
        if (!w) return;
        if (c->n_warnings) memcpy(w, c->warnings, c->n_warnings * sizeof *w);
        c->warnings = w;
        c->cap_warnings = cap;
    }
    orr_role_warning *w = &c->warnings[c->n_warnings++];
    char why[300], date[16] = "";
    if (s->date) snprintf(date, sizeof date, "%04d-%02d-%02d", (int)(s->date / 10000),
                          (int)(s->date / 100 % 100), (int)(s->date % 100));
    snprintf(why, sizeof why,
             "the mention's own title says %.3s but the dictionary holds the name as %s on %s; "
             "events use %s because the sentence's words are the evidence being coded",
             title_code, dict_code, *date ? date : "the undated default", used);
    w->sentence = c->sentence;
    w->mention = span_text(c->arena, s, a, b);
    w->title_code = title_code;
    w->dict_code = dict_code;
    w->used_code = used;
    w->why = orr_arena_strdup(c->arena, why);
}
