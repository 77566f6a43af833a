/*
** gen_gdelt.c — write a deterministic synthetic GDELT 2.0 event export
** (61 tab-separated columns, no header) for bench/bench_relate.sh:
**   gen_gdelt N > events.tsv
** 150 country actors (Zipf-like popularity), dates 2015-2024, a spread of
** CAMEO codes with their QuadClass and Goldstein score, mentions 1-20.
** The same N always gives the same bytes (64-bit LCG, fixed seed).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;
static unsigned next(unsigned n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((state >> 33) % n);
}

static const char *const codes[][3] = {   /* code, quad, goldstein */
    {"010", "1", "0.0"}, {"020", "1", "3.0"}, {"036", "1", "4.0"}, {"040", "1", "1.0"},
    {"042", "1", "1.9"}, {"043", "1", "2.8"}, {"046", "1", "7.0"}, {"051", "1", "3.4"},
    {"057", "1", "8.0"}, {"061", "2", "6.4"}, {"071", "2", "7.4"}, {"081", "2", "5.0"},
    {"090", "3", "-2.0"}, {"111", "3", "-2.0"}, {"112", "3", "-2.0"}, {"120", "3", "-4.0"},
    {"130", "3", "-4.4"}, {"138", "3", "-7.0"}, {"141", "4", "-6.5"}, {"163", "4", "-8.0"},
    {"173", "4", "-5.0"}, {"190", "4", "-10.0"}, {"193", "4", "-10.0"}, {"042", "1", "1.9"},
};
static const char *const agents[] = {"", "GOV", "MIL", "BUS", "MED", "OPP", "CVL", "JUD"};

int main(int argc, char **argv) {
    long long n = argc > 1 ? atoll(argv[1]) : 10000000LL;
    char actors[150][4];
    for (int i = 0; i < 150; i++) {   /* AAA, ABF, ... distinct three-letter codes */
        int v = i * 97 + 13;
        actors[i][0] = (char)('A' + v % 26);
        actors[i][1] = (char)('A' + (v / 26) % 26);
        actors[i][2] = (char)('A' + (v / 676) % 26);
        actors[i][3] = '\0';
    }
    memcpy(actors[0], "USA", 4); memcpy(actors[1], "RUS", 4); memcpy(actors[2], "CHN", 4);
    memcpy(actors[3], "UKR", 4); memcpy(actors[4], "IND", 4); memcpy(actors[5], "GBR", 4);
    static char out[1 << 20];
    setvbuf(stdout, out, _IOFBF, sizeof out);
    for (long long id = 1; id <= n; id++) {
        /* popularity: square of a uniform pick favours low indices */
        unsigned u1 = next(150), u2 = next(150);
        unsigned a = u1 * u1 / 150, b = u2 * u2 / 150;
        if (b == a) b = (a + 1 + next(149)) % 150;
        int year = 2015 + (int)next(10), month = 1 + (int)next(12), day = 1 + (int)next(28);
        const char *const *c = codes[next(sizeof codes / sizeof codes[0])];
        const char *ag1 = agents[next(8)], *ag2 = agents[next(8)];
        unsigned mentions = 1 + next(20);
        /* 0 id, 1 SQLDATE, 2 MonthYear, 3 Year, 4 FractionDate, 5-14 actor 1, 15-24 actor 2,
           25 IsRoot, 26-28 codes, 29 quad, 30 goldstein, 31-33 counts, 34 tone,
           35-42 / 43-50 / 51-58 geo, 59 DATEADDED, 60 SOURCEURL */
        printf("%lld\t%04d%02d%02d\t%04d%02d\t%04d\t%04d.%04d\t"
               "%s%s\t%s\t%s\t\t\t\t\t%s\t\t\t"
               "%s%s\t%s\t%s\t\t\t\t\t%s\t\t\t"
               "1\t%s\t%s\t%.2s\t%s\t%s\t%u\t%u\t%u\t-1.5\t"
               "0\t\t\t\t\t\t\t\t0\t\t\t\t\t\t\t\t1\t%s\t%.2s\t\t\t\t\t\t"
               "%04d%02d%02d000000\thttp://news.example.org/%lld\n",
               id, year, month, day, year, month, year, year, (month * 30 + day) * 27,
               actors[a], ag1, actors[a], actors[a], ag1,
               actors[b], ag2, actors[b], actors[b], ag2,
               c[0], c[0], c[0], c[1], c[2], mentions, 1 + mentions / 4, mentions,
               actors[a], actors[a], year, month, day, id);
    }
    return 0;
}
