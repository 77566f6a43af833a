/*
** html_lines.c — furniture that shows only as a whole line of text, once
** the article is rendered: ad-slot labels ("Advertisement"), datelines
** ("Updated 4:00 am CST, Nov. 20, 2019"), bylines, the reporter's e-mail,
** and the calls to action publishers close articles with (newsletter
** sign-ups, "follow us", copyright).  Phrase lists, not site rules: the
** same words mark furniture on any English-language news site.
*/
#include "html.h"

#include <ctype.h>
#include <strings.h>

/*
** Lines that are a furniture label and nothing else, whatever the site:
** ad slots, comment counters, script-only widgets.  Compared ignoring
** case and surrounding punctuation.
*/
static int is_label(const char *s, size_t n) {
    static const char *const labels[] = {
        "advertisement", "advert", "ad", "ads", "sponsored", "sponsored content", "comments",
        "comment", "share", "share this", "share this article", "print", "email", "tweet",
        "this slideshow requires javascript", "loading", "skip advert", "story continues below",
        "article continues below", "continue reading below",
    };
    while (n && (unsigned char)s[0] < 0x80 && !isalnum((unsigned char)s[0])) s++, n--;
    while (n && (unsigned char)s[n - 1] < 0x80 && !isalnum((unsigned char)s[n - 1])) n--;
    if (n == 0 || n > 40) return 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i]) == n && strncasecmp(labels[i], s, n) == 0) return 1;
    return 0;
}

/* A line that is only an e-mail address (the reporter's contact). */
static int is_bare_address(const char *s, size_t n) {
    if (n < 6 || memchr(s, ' ', n) || strncasecmp(s, "http", 4) == 0) return 0;
    const char *at = memchr(s, '@', n);
    return at && at > s && memchr(at, '.', n - (size_t)(at - s)) != NULL;
}

/* A short "Updated 4:00 am CST, Wednesday, November 20, 2019" line. */
static int is_dateline(const char *s, size_t n) {
    static const char *const verbs[] = {"updated", "published", "posted", "last updated",
                                        "last modified", "modified"};
    if (n > 90) return 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        size_t k = strlen(verbs[i]);
        if (n > k && strncasecmp(s, verbs[i], k) == 0 && (s[k] == ' ' || s[k] == ':')) {
            for (size_t j = k; j + 4 <= n; j++)  /* a year, 19xx or 20xx */
                if ((s[j] == '1' && s[j + 1] == '9') || (s[j] == '2' && s[j + 1] == '0'))
                    if (isdigit((unsigned char)s[j + 2]) && isdigit((unsigned char)s[j + 3]))
                        return 1;
        }
    }
    return 0;
}

/* A short "By Jane Roe - 11/18/19" byline. */
static int is_byline(const char *s, size_t n) {
    return n < 80 && n > 4 && strncmp(s, "By ", 3) == 0 && isupper((unsigned char)s[3]) &&
           s[n - 1] != '.';
}

int html_line_is_furniture(const char *s, size_t n) {
    return is_label(s, n) || is_bare_address(s, n) || is_dateline(s, n) || is_byline(s, n);
}

/*
** Publishers close articles with calls to action: newsletter sign-ups,
** subscriptions, "follow us", copyright lines.  Drop such lines from the
** end of the text while they last (a stop-list of phrases, in the spirit
** of jusText; never in the middle, where the phrase may be the story).
*/
int html_line_is_call_to_action(const char *s, size_t n) {
    static const char *const phrases[] = {
        "newsletter", "sign up", "subscribe", "click here", "all rights reserved", "copyright",
        "follow us", "follow him", "follow her", "tell us what you think", "©",
        "join our", "download our", "get the latest",
    };
    if (n > 300) return 0;
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        size_t k = strlen(phrases[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (strncasecmp(s + j, phrases[i], k) == 0) return 1;
    }
    return 0;
}

