/*
** schema_sqlite.h — the SQLite schema as numbered migrations.  The
** database's PRAGMA user_version says how many have run; opening a store
** runs the rest, each in its own transaction.  Never edit a migration
** that has shipped: add the next one.
*/
#ifndef ORR_SCHEMA_SQLITE_H
#define ORR_SCHEMA_SQLITE_H

static const char *const sqlite_migrations[] = {
    /* 1: documents, sentences, actors, events (shaped after GDELT/Phoenix) */
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE,"          /* SHA-256 of the clean text */
    "  record_id TEXT,"                     /* the input record's own id */
    "  url TEXT, title TEXT, subtitle TEXT, author TEXT,"
    "  date TEXT,"                          /* YYYY-MM-DD */
    "  lang TEXT, source TEXT, origin TEXT,"
    "  text TEXT NOT NULL,"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    "CREATE TABLE sentences ("
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  is_heading INTEGER NOT NULL DEFAULT 0,"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (doc_id, idx)"
    ") WITHOUT ROWID;"
    "CREATE TABLE actors ("
    "  code TEXT PRIMARY KEY,"              /* e.g. USAGOV */
    "  name TEXT, country TEXT, agent TEXT"
    ");"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,"
    "  sentence_idx INTEGER,"
    "  date TEXT NOT NULL,"                 /* YYYY-MM-DD */
    "  date_how TEXT,"                      /* document, explicit, relative, inferred, imported */
    "  source_code TEXT, source_country TEXT, source_agent TEXT, source_text TEXT,"
    "  source_start INTEGER, source_end INTEGER,"
    "  target_code TEXT, target_country TEXT, target_agent TEXT, target_text TEXT,"
    "  target_start INTEGER, target_end INTEGER,"
    "  verb_text TEXT, verb_start INTEGER, verb_end INTEGER,"
    "  code TEXT NOT NULL,"                 /* CAMEO event code, e.g. 042 */
    "  root INTEGER NOT NULL,"              /* CAMEO root, 1..20 */
    "  quad INTEGER NOT NULL,"              /* QuadClass 1..4 */
    "  goldstein REAL,"
    "  plover TEXT,"
    "  issues TEXT,"
    "  num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER,"
    "  url TEXT,"
    "  dataset TEXT NOT NULL,"              /* orrery, gdelt, icews, phoenix, petrarch */
    "  origin TEXT,"                        /* file:line of an imported row */
    "  origin_id TEXT,"                     /* the dataset's own event id */
    "  UNIQUE (dataset, origin_id)"
    ");"
    "CREATE INDEX events_dyad ON events (source_country, target_country, date);"
    "CREATE INDEX events_date ON events (date);"
    "CREATE INDEX events_doc ON events (doc_id, sentence_idx);",
};

#define SQLITE_N_MIGRATIONS ((int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]))

#endif
