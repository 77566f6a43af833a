/*
** abbrev.c — the abbreviations that make a period ambiguous in news text,
** by how they behave before the next word.  Hand-written because no Debian
** package ships such a list for C; the entries are ordinary English usage
** (AP/Reuters style: titles, months, company and state abbreviations).
** Lookup is a binary search over sorted static tables: no global state.
*/
#include "text.h"

#include <stdlib.h>
#include <strings.h>

typedef struct abbrev_entry {
    const char *word;
    text_abbrev kind;
} abbrev_entry;

/* Sorted by strcmp (uppercase before lowercase). Case-sensitive. */
static const abbrev_entry abbrev_table[] = {
    {"Adm", ABBR_TITLE}, {"Ala", ABBR_AMBIG}, {"Amb", ABBR_TITLE}, {"Apr", ABBR_MONTH},
    {"Ariz", ABBR_AMBIG}, {"Ark", ABBR_AMBIG}, {"Art", ABBR_NUMBER}, {"Assn", ABBR_AMBIG},
    {"Aug", ABBR_MONTH}, {"Ave", ABBR_AMBIG}, {"Bhd", ABBR_AMBIG}, {"Blvd", ABBR_AMBIG},
    {"Brig", ABBR_TITLE}, {"Bros", ABBR_AMBIG}, {"Calif", ABBR_AMBIG}, {"Capt", ABBR_TITLE},
    {"Ch", ABBR_NUMBER}, {"Chas", ABBR_TITLE}, {"Cmdr", ABBR_TITLE}, {"Co", ABBR_AMBIG},
    {"Col", ABBR_TITLE}, {"Colo", ABBR_AMBIG}, {"Conn", ABBR_AMBIG}, {"Corp", ABBR_AMBIG},
    {"Cpl", ABBR_TITLE}, {"Dec", ABBR_MONTH}, {"Del", ABBR_AMBIG}, {"Dept", ABBR_AMBIG},
    {"Dist", ABBR_TITLE}, {"Dr", ABBR_TITLE}, {"Ext", ABBR_NUMBER}, {"Feb", ABBR_MONTH},
    {"Fig", ABBR_NUMBER}, {"Fla", ABBR_AMBIG}, {"Fr", ABBR_TITLE}, {"Fri", ABBR_AMBIG},
    {"Ft", ABBR_TITLE}, {"Ga", ABBR_AMBIG}, {"Gen", ABBR_TITLE}, {"Geo", ABBR_TITLE},
    {"Gov", ABBR_TITLE}, {"Govs", ABBR_TITLE}, {"Hon", ABBR_TITLE}, {"Ill", ABBR_AMBIG},
    {"Inc", ABBR_AMBIG}, {"Ind", ABBR_AMBIG}, {"Insp", ABBR_TITLE}, {"Jan", ABBR_MONTH},
    {"Jas", ABBR_TITLE}, {"Jr", ABBR_AMBIG}, {"Jul", ABBR_MONTH}, {"Jun", ABBR_MONTH},
    {"Kan", ABBR_AMBIG}, {"Ky", ABBR_AMBIG}, {"La", ABBR_AMBIG}, {"Lt", ABBR_TITLE},
    {"Ltd", ABBR_AMBIG}, {"Maj", ABBR_TITLE}, {"Mar", ABBR_MONTH}, {"Mass", ABBR_AMBIG},
    {"Md", ABBR_AMBIG}, {"Messrs", ABBR_TITLE}, {"Mich", ABBR_AMBIG}, {"Minn", ABBR_AMBIG},
    {"Miss", ABBR_AMBIG}, {"Mo", ABBR_AMBIG}, {"Mon", ABBR_AMBIG}, {"Mr", ABBR_TITLE},
    {"Mrs", ABBR_TITLE}, {"Ms", ABBR_TITLE}, {"Msgr", ABBR_TITLE}, {"Mssrs", ABBR_TITLE},
    {"Mt", ABBR_TITLE}, {"Neb", ABBR_AMBIG}, {"Nev", ABBR_AMBIG}, {"No", ABBR_NUMBER},
    {"Nos", ABBR_NUMBER}, {"Nov", ABBR_MONTH}, {"Oct", ABBR_MONTH}, {"Okla", ABBR_AMBIG},
    {"Ore", ABBR_AMBIG}, {"Pa", ABBR_AMBIG}, {"Ph", ABBR_AMBIG}, {"Plc", ABBR_AMBIG},
    {"Pres", ABBR_TITLE}, {"Prof", ABBR_TITLE}, {"Pte", ABBR_AMBIG}, {"Pty", ABBR_AMBIG},
    {"Pvt", ABBR_TITLE}, {"Rd", ABBR_AMBIG}, {"Rep", ABBR_TITLE}, {"Reps", ABBR_TITLE},
    {"Rev", ABBR_TITLE}, {"Sat", ABBR_AMBIG}, {"Sec", ABBR_NUMBER}, {"Sen", ABBR_TITLE},
    {"Sens", ABBR_TITLE}, {"Sep", ABBR_MONTH}, {"Sept", ABBR_MONTH}, {"Sgt", ABBR_TITLE},
    {"Sr", ABBR_AMBIG}, {"St", ABBR_AMBIG}, {"Ste", ABBR_TITLE}, {"Sun", ABBR_AMBIG},
    {"Supt", ABBR_TITLE}, {"Tel", ABBR_NUMBER}, {"Tenn", ABBR_AMBIG}, {"Tex", ABBR_AMBIG},
    {"Thos", ABBR_TITLE}, {"Thu", ABBR_AMBIG}, {"Thur", ABBR_AMBIG}, {"Thurs", ABBR_AMBIG},
    {"Tue", ABBR_AMBIG}, {"Tues", ABBR_AMBIG}, {"Va", ABBR_AMBIG}, {"Vol", ABBR_NUMBER},
    {"Vt", ABBR_AMBIG}, {"Wash", ABBR_AMBIG}, {"Wed", ABBR_AMBIG}, {"Wis", ABBR_AMBIG},
    {"Wm", ABBR_TITLE}, {"Wyo", ABBR_AMBIG}, {"approx", ABBR_AMBIG}, {"ca", ABBR_NEVER},
    {"cf", ABBR_NEVER}, {"dept", ABBR_AMBIG}, {"eg", ABBR_NEVER}, {"est", ABBR_AMBIG},
    {"etc", ABBR_AMBIG}, {"ext", ABBR_NUMBER}, {"govt", ABBR_AMBIG}, {"ie", ABBR_NEVER},
    {"incl", ABBR_NEVER}, {"mln", ABBR_AMBIG}, {"no", ABBR_NUMBER}, {"nos", ABBR_NUMBER},
    {"pp", ABBR_NUMBER}, {"tel", ABBR_NUMBER}, {"viz", ABBR_NEVER}, {"vol", ABBR_NUMBER},
    {"vs", ABBR_NEVER},
};

/* Capitalised words that usually open a sentence rather than continue a
** name after an abbreviation ("in the U.S. The talks ..."). Sorted. */
static const char *const starter_table[] = {
    "A", "After", "All", "Also", "An", "And", "As", "At", "But", "By", "During", "Each", "For",
    "He", "Her", "Here", "His", "How", "However", "I", "If", "In", "It", "Its", "Meanwhile", "My",
    "No", "Not", "On", "One", "Our", "She", "So", "Some", "That", "The", "Their", "There", "These",
    "They", "This", "Those", "Thus", "To", "We", "What", "When", "Where", "While", "Who", "Why",
    "With", "Yet", "You", "Your",
};

static int abbrev_cmp(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const abbrev_entry *)elem)->word);
}

static int starter_cmp(const void *key, const void *elem) {
    return strcmp((const char *)key, *(const char *const *)elem);
}

/*
** Besides the table: "i.e"/"e.g" (lowercase with inner periods) never end
** a sentence; other dotted forms ("U.S", "a.m", "Ph.D") and single
** letters (initials, "Vladimir V. Putin") are ambiguous.
*/
text_abbrev text_abbrev_class(const char *word, size_t len) {
    char key[16];
    if (len == 0) return ABBR_NONE;
    if (len == 1) return text_is_letter((unsigned char)word[0]) ? ABBR_AMBIG : ABBR_NONE;
    if (len < sizeof key) {
        size_t k = 0;
        int has_dot = 0, all_lower = 1, letters = 0;
        for (size_t i = 0; i < len; i++) {
            char c = word[i];
            if (c == '.') {
                has_dot = 1;
                continue;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return ABBR_NONE;
            if (c < 'a') all_lower = 0;
            letters++;
            key[k++] = c;
        }
        key[k] = '\0';
        if (has_dot) {
            if (all_lower && (strcmp(key, "ie") == 0 || strcmp(key, "eg") == 0 || strcmp(key, "cf") == 0))
                return ABBR_NEVER;
            return word[len - 1] == '.' ? ABBR_NONE : ABBR_AMBIG;
        }
        const abbrev_entry *e = bsearch(key, abbrev_table, sizeof abbrev_table / sizeof abbrev_table[0],
                                        sizeof abbrev_table[0], abbrev_cmp);
        if (e) return e->kind;
        if (letters > 1 && letters <= 4) {  /* all-caps short forms: "Gen." in "GEN." */
            int all_upper = 1;
            for (size_t i = 0; i < k; i++)
                if (key[i] >= 'a') all_upper = 0;
            if (all_upper) {
                for (size_t i = 1; i < k; i++) key[i] = (char)(key[i] + ('a' - 'A'));
                e = bsearch(key, abbrev_table, sizeof abbrev_table / sizeof abbrev_table[0],
                            sizeof abbrev_table[0], abbrev_cmp);
                if (e && e->kind == ABBR_TITLE) return e->kind;
            }
        }
    }
    return ABBR_NONE;
}

int text_is_sentence_starter(const char *word, size_t len) {
    char key[16];
    if (len == 0 || len >= sizeof key) return 0;
    memcpy(key, word, len);
    key[len] = '\0';
    return bsearch(key, starter_table, sizeof starter_table / sizeof starter_table[0],
                   sizeof starter_table[0], starter_cmp) != NULL;
}
