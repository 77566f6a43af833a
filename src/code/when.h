/*
** when.h — event dates from sentence text (see when.c).
*/
#ifndef ORR_CODE_WHEN_H
#define ORR_CODE_WHEN_H

#include <stddef.h>

/* How an event's date was found; stored in events.date_how. */
typedef enum when_how {
    WHEN_NONE = 0,   /* no date known */
    WHEN_DOCUMENT,   /* the document's own date */
    WHEN_EXPLICIT,   /* a date written in the sentence ("On February 18, 2025", "on Feb 13") */
    WHEN_RELATIVE,   /* a weekday or relative phrase ("on Tuesday", "last week") */
    WHEN_INFERRED    /* the document had no date: the latest full date stated in its text */
} when_how;

const char *when_how_name(when_how how);

/* Days since 1970-01-01 <-> YYYY-MM-DD.  Return -1 / nonzero on bad input. */
long when_days_from_iso(const char *iso);
void when_iso_from_days(long days, char out[11]);

/*
** The date of events in text[0,len), given the reference (document) date
** ref (YYYY-MM-DD or NULL).  Explicit dates win over relative phrases;
** the first date expression in the sentence is used.  Returns the how;
** out is filled unless WHEN_NONE.  With no date expression and a ref
** date, returns WHEN_DOCUMENT and copies ref.
*/
when_how when_sentence_date(const char *text, size_t len, const char *ref, char out[11]);

/*
** For a document without a date: the latest full date (day, month and
** year) stated anywhere in its text.  Returns 0 and fills out, or -1.
*/
int when_latest_full_date(const char *text, size_t len, char out[11]);

#endif
