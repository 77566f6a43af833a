/*
** html_body.c — find the article body in the flat tree and render it.
**
** The method, in the spirit of Arc90's Readability, in four steps:
**
**  1. Furniture goes first: elements whose tag (nav, footer, aside, forms'
**     controls) or class/id (share, comments, cookie, related ...) say so
**     are skipped with their subtree -- unless they hold 40% of the page's
**     paragraph text, which means the class lied ("content-with-sidebar").
**  2. Text is owned by its nearest block element: a <p>, a <div> with bare
**     text, a <li>.  Every block owning 25+ characters is a paragraph and
**     scores 1 + its commas + one point per 100 characters (at most 3).  The
**     score flows to its container (full), the container's parent (half)
**     and three more ancestors (less and less): the element collecting most
**     is where the paragraphs are dense.  Scores are scaled down by the
**     share of link text, so menus and teaser lists lose.
**  3. The best element may be one part of the article: we move up while
**     the parent is nearly as good, then add siblings that score well or
**     look like paragraphs themselves, and chunks of the article cut apart
**     by ads (same-class siblings of the candidate's wrappers).
**  4. Rendering walks the chosen subtrees: one block per line; containers
**     with few commas and much link text are dropped on the way (link
**     lists, teasers inside the article), as are link-only lines and the
**     line furniture of html_lines.c.
*/
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <strings.h>

static const char *attr(const html_node *h, const char *name) {
    if (h->flags & HN_TEXT) return NULL;
    GumboAttribute *a = gumbo_get_attribute(&h->g->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* Paragraph mass of every subtree, furniture included: text in blocks of
** 80+ characters that are not mostly links. */
static void body_mass(html_tree *t, int root) {
    html_node *N = t->nodes;
    int stop = N[root].end;
    for (int i = root; i < stop; i++) {
        html_node *h = &N[i];
        if (!(h->flags & HN_TEXT)) continue;
        N[h->owner].own_text += h->text;
        if (h->flags & HN_LINK) N[h->owner].own_link += h->text;
    }
    for (int i = stop - 1; i >= root; i--) {
        html_node *h = &N[i];
        if ((h->flags & HN_BLOCK) && h->own_text >= 80 && h->own_link * 3 < h->own_text)
            h->mass += h->own_text;
        h->own_text = h->own_link = 0;
        if (i > root) N[h->parent].mass += h->mass;
    }
}

/* Step 1: un-mark furniture that holds much of the paragraph text (the
** class lied: "content-with-sidebar", "article modal-enabled"); mark live
** nodes and attribute text to the blocks owning it. */
static void body_account(html_tree *t, int root) {
    html_node *N = t->nodes;
    body_mass(t, root);
    int big = N[root].mass * 2 / 5, most = N[root].mass * 4 / 5;
    int stop = N[root].end;
    for (int i = root; i < stop;) {
        html_node *h = &N[i];
        if ((h->flags & HN_JUNK) && i != root && h->mass > big && big > 0 &&
            h->tag != GUMBO_TAG_HEAD && (!(h->flags & HN_COMMENTS) || h->mass > most))
            h->flags &= ~HN_JUNK;
        if ((h->flags & HN_JUNK) && i != root) {
            i = h->end;
            continue;
        }
        h->flags |= HN_LIVE;
        if (h->flags & HN_TEXT) {
            html_node *o = &N[h->owner];
            o->own_text += h->text;
            if (h->flags & HN_LINK) o->own_link += h->text;
            for (const char *s = h->g->v.text.text; *s; s++)
                if (*s == ',' || (*s == '\xef' && s[1] == '\xbc' && s[2] == '\x8c')) o->own_commas++;
        }
        i++;
    }
    for (int i = stop - 1; i >= root; i--) {
        html_node *h = &N[i];
        if (!(h->flags & HN_LIVE)) continue;
        if ((h->flags & HN_BLOCK) && h->own_text >= 80 && h->own_link * 4 < h->own_text)
            h->good += h->own_text;
        h->sub_text += h->own_text;
        h->sub_link += h->own_link;
        h->sub_commas += h->own_commas;
        if (i > root) {
            N[h->parent].sub_text += h->sub_text;
            N[h->parent].sub_link += h->sub_link;
            N[h->parent].sub_commas += h->sub_commas;
            N[h->parent].good += h->good;
        }
    }
}

static float tag_base_score(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
    }
}

static float class_weight(unsigned flags) {
    return (flags & HN_POSITIVE ? 25.f : 0.f) - (flags & HN_NEGATIVE ? 25.f : 0.f);
}

static double link_density(const html_node *h) {
    return h->sub_text > 0 ? (double)h->sub_link / h->sub_text : 0.0;
}

/* Step 2: paragraphs give points to their ancestors. */
static void body_score(html_tree *t, int root) {
    html_node *N = t->nodes;
    for (int i = root; i < N[root].end; i++) {
        html_node *p = &N[i];
        if (!(p->flags & HN_LIVE) || !(p->flags & HN_BLOCK) || p->own_text < 25) continue;
        float s = 1.f + (float)p->own_commas + fminf((float)(p->own_text / 100), 3.f);
        int a = p->parent;
        for (int level = 0; level < 5 && a >= root && a >= 0; level++, a = N[a].parent) {
            html_node *h = &N[a];
            if (!(h->flags & HN_SCORED)) {
                h->flags |= HN_SCORED;
                h->score = tag_base_score(h->tag) + class_weight(h->flags);
            }
            h->score += level == 0 ? s : level == 1 ? s / 2.f : s / (float)(level * 3);
        }
    }
    for (int i = root; i < N[root].end; i++)
        if (N[i].flags & HN_SCORED) N[i].score *= (float)(1.0 - link_density(&N[i]));
}

static int element_children(const html_tree *t, int i) {
    int n = 0;
    for (int c = i + 1; c < t->nodes[i].end; c = t->nodes[c].end)
        if (!(t->nodes[c].flags & HN_TEXT) && (t->nodes[c].flags & HN_LIVE)) n++;
        else if ((t->nodes[c].flags & HN_TEXT) && t->nodes[c].text > 0) n += 100;
    return n;
}

/* Step 3a: the best candidate, moved up while its parent is as good. */
static int body_top(html_tree *t, int root) {
    html_node *N = t->nodes;
    int top = -1;
    for (int i = root; i < N[root].end; i++)
        if ((N[i].flags & HN_SCORED) && (top < 0 || N[i].score > N[top].score)) top = i;
    if (top < 0) return root;
    while (top != root && element_children(t, N[top].parent) == 1) top = N[top].parent;
    float last = N[top].score, floor_ = last / 3.f;
    for (int p = N[top].parent; p > root; p = N[p].parent) {
        if (!(N[p].flags & HN_SCORED)) continue;
        if (N[p].score < floor_) break;
        if (N[p].score > last) top = p;
        last = N[p].score;
    }
    /* An article cut in chunks (ads, paywall markers between them): climb
    ** while the parent adds much more good paragraph text, not link text. */
    /* No good paragraph at all in it: the parent may hold them. */
    while (top != root && N[top].good == 0 && N[N[top].parent].good > 0) top = N[top].parent;
    return top;
}

/* Does this block's own text end a sentence? */
static int ends_sentence(const html_tree *t, int i) {
    const html_node *N = t->nodes;
    for (int c = N[i].end - 1; c > i; c--) {
        if (!(N[c].flags & HN_TEXT) || N[c].text == 0) continue;
        const char *s = N[c].g->v.text.text;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
        return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ':' ||
                     s[n - 1] == '"');
    }
    return 0;
}

/* Step 3b: keep the candidate and the siblings that belong with it. */
static void body_select(html_tree *t, int root, int top) {
    html_node *N = t->nodes;
    if (top == root) {
        N[top].flags |= HN_KEEP;
        return;
    }
    int parent = N[top].parent;
    float threshold = fmaxf(10.f, N[top].score * 0.2f);
    const char *top_class = attr(&N[top], "class");
    for (int c = parent + 1; c < N[parent].end; c = N[c].end) {
        html_node *s = &N[c];
        if (!(s->flags & HN_LIVE) || (s->flags & HN_TEXT)) continue;
        if (c == top) {
            s->flags |= HN_KEEP;
            continue;
        }
        float bonus = 0;
        const char *cls = attr(s, "class");
        if (top_class && cls && *cls && strcmp(cls, top_class) == 0) bonus = N[top].score * 0.2f;
        if ((s->flags & HN_SCORED) && s->score + bonus >= threshold) {
            s->flags |= HN_KEEP;
            continue;
        }
        if ((s->flags & HN_BLOCK) && s->own_text > 0 && s->sub_text == s->own_text) {
            double ld = link_density(s);
            if ((s->own_text > 80 && ld < 0.25) ||
                (s->own_text > 0 && ld == 0 && ends_sentence(t, c)))
                s->flags |= HN_KEEP;
        }
    }
}

/*
** Step 3c: an article cut in chunks (ads or paywall markers between them)
** repeats its wrapper: a sibling of the candidate or of one of its three
** nearest ancestors with the same tag and class, holding paragraphs and
** few links, is another chunk of the same article.
*/
static void body_chunks(html_tree *t, int root, int top) {
    html_node *N = t->nodes;
    int a = top;
    for (int level = 0; level < 4 && a > root; level++, a = N[a].parent) {
        const char *cls = attr(&N[a], "class");
        int parent = N[a].parent;
        if (!cls || !*cls || parent < root) continue;
        for (int c = parent + 1; c < N[parent].end; c = N[c].end) {
            html_node *s = &N[c];
            if (c == a || (s->flags & (HN_TEXT | HN_KEEP)) || !(s->flags & HN_LIVE) || s->tag != N[a].tag)
                continue;
            const char *sc = attr(s, "class");
            if (sc && strcmp(sc, cls) == 0 && s->good > 0 && link_density(s) < 0.2) s->flags |= HN_KEEP;
        }
    }
}

/* Containers inside the article that look like link lists or furniture. */
static int body_drop_container(const html_node *h) {
    switch (h->tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_FORM: case GUMBO_TAG_FIGURE: case GUMBO_TAG_DL:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
        break;
    default:
        return 0;
    }
    if (h->sub_commas >= 10) return 0;
    float weight = class_weight(h->flags);
    if ((h->flags & HN_SCORED) && h->score + weight < 0) return 1;
    double ld = link_density(h);
    return (ld > 0.2 && weight < 25) || ld > 0.5;
}

typedef struct render {
    html_tree *t;
    orr_buf *out;
    orr_buf line;
    int line_owner;
    int oom;               /* an append failed: the caller reports ORR_ENOMEM */
} render;

static void render_flush(render *r) {
    size_t n = r->line.len;
    const char *s = r->line.data;
    while (n && s[n - 1] == ' ') n--;
    size_t k = 0;
    while (k < n && s[k] == ' ') k++;
    if (k < n && r->line_owner >= 0) {
        const html_node *o = &r->t->nodes[r->line_owner];
        int link_only = o->own_link * 2 > o->own_text && !(o->flags & HN_HEADING);
        int title = o->tag == GUMBO_TAG_H1;
        if (!link_only && !title && !html_line_is_furniture(s + k, n - k)) {
            if (orr_buf_append(r->out, s + k, n - k) || orr_buf_append(r->out, "\n", 1)) r->oom = 1;
        }
    }
    r->line.len = 0;
    r->line_owner = -1;
}

static void render_text(render *r, int i) {
    const char *s = r->t->nodes[i].g->v.text.text;
    int pre = r->t->nodes[i].flags & HN_PRE;
    int space = r->line.len == 0 || r->line.data[r->line.len - 1] == ' ';
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' && pre) {
            render_flush(r);
            r->line_owner = r->t->nodes[i].owner;
            space = 1;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (space) continue;
            c = ' ';
            space = 1;
        } else {
            space = 0;
        }
        if (orr_buf_append(&r->line, &c, 1)) r->oom = 1;
    }
    if (r->t->nodes[i].text > 0) r->line_owner = r->t->nodes[i].owner;
}

/* Step 4: walk a kept subtree; a stack of open blocks tells where lines end. */
static void body_render(render *r, int root) {
    html_node *N = r->t->nodes;
    int stack[512], depth = 0;
    for (int i = root; i < N[root].end;) {
        while (depth && N[stack[depth - 1]].end <= i) {
            depth--;
            render_flush(r);
        }
        html_node *h = &N[i];
        if (!(h->flags & HN_LIVE) || (i != root && body_drop_container(h))) {
            i = h->end;
            continue;
        }
        if (h->flags & HN_TEXT) {
            render_text(r, i);
        } else if (h->flags & HN_BLOCK) {
            render_flush(r);
            if (depth < 512) stack[depth++] = i;
        } else if (h->tag == GUMBO_TAG_IMG && r->line.len) {
            if (orr_buf_append(&r->line, " ", 1)) r->oom = 1;
        }
        i++;
    }
    render_flush(r);
}

static void body_trim_tail(orr_buf *out) {
    while (out->len) {
        size_t end = out->len - 1;  /* out ends with '\n' */
        size_t start = end;
        while (start > 0 && out->data[start - 1] != '\n') start--;
        if (!html_line_is_call_to_action(out->data + start, end - start)) break;
        out->len = start;
        out->data[start] = '\0';
    }
}

int html_body_extract(html_tree *t, orr_buf *out) {
    if (t->n == 0) return ORR_OK;
    int root = t->body ? t->body : 0;
    body_account(t, root);
    body_score(t, root);
    int top = body_top(t, root);
    body_select(t, root, top);
    body_chunks(t, root, top);
    render r = {t, out, {0}, -1, 0};
    orr_buf_init(&r.line);
    for (int i = root; i < t->nodes[root].end;) {
        if (t->nodes[i].flags & HN_KEEP) {
            body_render(&r, i);
            i = t->nodes[i].end;
        } else {
            i++;
        }
    }
    orr_buf_free(&r.line);
    if (r.oom) return ORR_ENOMEM;
    body_trim_tail(out);
    return ORR_OK;
}
