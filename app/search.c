/* search.c: finding services by what a person types, with SQLite FTS5.
 *
 * The index. Every listed service and every need is one row of the FTS5
 * table `search` (schema.c, migration 4), its texts in every language folded
 * by search_fold and put in four columns by how much a match there says:
 * name, keywords, place (organization and locations) and text (description,
 * who it is for). A service's row id is its own id, a need's is minus its
 * id, so needs come first in every scan. The table is contentless: the texts
 * are in `translation` already. To say why a service matched, a match's
 * column and word offset are traced back to the text it came from:
 * search_doc.map keeps, per column, how many words each text gave, in the
 * order of SOURCES_SQL, which both the build and the trace read.
 *
 * Typos. search_typo is a deletion neighbourhood of the index's words
 * (Garbe's symmetric delete): each word of five letters or more under
 * itself and under each of its one-letter deletions, words of four letters
 * under themselves. A query word of five letters or more looks up itself
 * and its deletions, which finds every word one insertion, deletion,
 * substitution or transposition away (and a few two away, which are
 * checked and dropped) in a few index lookups, however large the index.
 *
 * A query. The words of the folded query, as the tokenizer of the index
 * cuts them, each become a group of alternatives: the word, the word as a
 * prefix (the last word, while the person is still typing it) and the words
 * one typo away. All groups must match one row; the auxiliary function
 * search_match scores the row from where each word matched best (the
 * column, then exact before prefix before typo) and leaves that place in
 * the query for the caller. A need that matches every word brings its
 * services; a need that matches some of them brings those of its services
 * whose own row matches the rest (a typed "youth depression" finds the youth
 * service under the need whose keywords say depression). The scan stops
 * after SCAN_MAX rows, which only a word of one or two letters reaches.
 *
 * The query is only ever in memory: FTS5 reads the index, and the
 * connection keeps temporary storage in memory (catalog.c).
 */
#include "frontdoor/search.h"

#include "catalog_priv.h"
#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"
#include "search_priv.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define WORDS_MAX 6        /* words of a query searched; the rest are ignored */
#define WORD_MAX 64        /* bytes of a word searched with typos */
#define TYPO_MIN 5         /* letters a word needs before a typo is forgiven */
#define TYPO_TERM_MAX 32   /* longer words are not put in the typo table */
#define TYPOS_MAX 6        /* words one typo away tried for each query word */
#define SCAN_MAX 300       /* index rows scored per pass of a query */
#define SNIPPET_BEFORE 2   /* words of context before a match in a description, */
#define SNIPPET_AFTER 3    /* and after it: a card's two lines hold them whole */
#define N_COLUMNS 4        /* of texts; a fifth, needs, holds need tokens */
#define NEED_TOKEN "0need" /* + a need's id: a word no text has, lowercase as indexed */

enum column { COL_NAME, COL_KEYWORDS, COL_PLACE, COL_TEXT };
enum quality { EXACT, PREFIX, TYPO };

/* The texts of a row, column by column, in the order the map counts them:
 * ?1 the service or need id, ?2 a column or -1 for all. */
#define SOURCES_TAIL                                                                               \
    " SELECT s.col, s.field, t.lang, t.text FROM src s JOIN translation t"                         \
    " ON t.entity = s.entity AND t.entity_id = s.entity_id AND t.field = s.field"                  \
    " WHERE ?2 < 0 OR s.col = ?2 ORDER BY s.col, s.ord, s.entity_id, t.lang"
static const char SERVICE_SOURCES_SQL[] =
    "WITH src(col, ord, entity, entity_id, field) AS ("
    " VALUES (0, 0, 'service', ?1, 'name'), (1, 0, 'service', ?1, 'keywords'),"
    " (3, 0, 'service', ?1, 'description'), (3, 1, 'service', ?1, 'eligibility_description')"
    " UNION ALL SELECT 2, 0, 'organization', organization_id, 'name' FROM service WHERE id = ?1"
    " UNION ALL SELECT 2, 1, 'location', location_id, 'name' FROM service_at_location"
    " WHERE service_id = ?1)" SOURCES_TAIL;
static const char NEED_SOURCES_SQL[] =
    "WITH src(col, ord, entity, entity_id, field) AS ("
    " VALUES (0, 0, 'taxonomy_term', ?1, 'name'), (1, 0, 'taxonomy_term', ?1, 'keywords'),"
    " (3, 0, 'taxonomy_term', ?1, 'description'))" SOURCES_TAIL;

#define LISTED "s.status NOT IN ('inactive', 'defunct')"

/* ---- the tokenizer of the index ------------------------------------------ */

/* FTS5's unicode61 with the options of the table, used directly so that the
 * query is cut into words, and texts are counted, exactly as the index cuts
 * them. */
struct tokenizer {
    fts5_api *api;
    fts5_tokenizer fn;
    Fts5Tokenizer *t;
};

static int tokenizer_open(sqlite3 *db, struct tokenizer *tk)
{
    memset(tk, 0, sizeof *tk);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    sqlite3_bind_pointer(st, 1, &tk->api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!tk->api)
        return SQLITE_ERROR;
    void *ud = NULL;
    const char *args[] = {"remove_diacritics", "2"};
    int rc = tk->api->xFindTokenizer(tk->api, "unicode61", &ud, &tk->fn);
    if (rc == SQLITE_OK)
        rc = tk->fn.xCreate(ud, args, 2, &tk->t);
    return rc;
}

static void tokenizer_close(struct tokenizer *tk)
{
    if (tk->t)
        tk->fn.xDelete(tk->t);
    tk->t = NULL;
}

typedef int token_fn(void *arg, int flags, const char *token, int n, int start, int end);

static int tokenize(struct tokenizer *tk, int flags, const char *text, size_t len, void *arg,
                    token_fn *fn)
{
    return tk->fn.xTokenize(tk->t, arg, flags, text, (int)len, fn);
}

static int count_token(void *arg, int flags, const char *token, int n, int start, int end)
{
    (void)flags, (void)token, (void)n, (void)start, (void)end;
    (*(int *)arg)++;
    return SQLITE_OK;
}

/* ---- UTF-8 words ---------------------------------------------------------- */

/* The code points of a word, at most `max`; returns how many, or max + 1
 * when the word is longer. */
static size_t code_points(const char *s, size_t len, uint32_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == max)
            return max + 1;
        out[n++] = cp;
    }
    return n;
}

/* 1 when a and b are one insertion, deletion, substitution or swap of two
 * neighbours apart. */
static int one_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na < nb)
        return one_edit(b, nb, a, na);
    if (na - nb > 1)
        return 0;
    size_t i = 0;
    while (i < nb && a[i] == b[i])
        i++;
    if (na != nb) /* a has one more: skip it in a */
        return memcmp(a + i + 1, b + i, (nb - i) * sizeof *a) == 0;
    if (i == na)
        return 0; /* the same word */
    if (memcmp(a + i + 1, b + i + 1, (na - i - 1) * sizeof *a) == 0)
        return 1;
    return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           memcmp(a + i + 2, b + i + 2, (na - i - 2) * sizeof *a) == 0;
}

/* The word of n code points without the one at `skip`, as UTF-8 in out
 * (WORD_MAX * 2 bytes at least). */
static size_t deletion(const char *word, size_t len, size_t skip, char *out)
{
    size_t o = 0, k = 0;
    for (size_t i = 0; i < len; k++) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)word + i, len - i, &cp);
        if (k != skip) {
            memcpy(out + o, word + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    return o;
}

/* ---- building the index --------------------------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

struct builder {
    sqlite3 *db;
    struct tokenizer tk;
    sqlite3_stmt *sources[2]; /* services, needs */
    sqlite3_stmt *needs;      /* a service's needs */
    sqlite3_stmt *insert, *insert_doc;
    struct buf col[N_COLUMNS];
    struct buf map;
    char *fold;
    size_t fold_size;
    char *err;
    size_t errlen;
};

static int build_fail(struct builder *b, const char *what)
{
    xsnprintf(b->err, b->errlen, "cannot build the search index: %s: %s", what,
              sqlite3_errmsg(b->db));
    return CATALOG_ERROR;
}

/* Folds `text` into the builder's buffer; returns its length. */
static size_t fold_text(char **buf, size_t *size, const char *text, size_t len)
{
    if (len + 1 > *size) {
        *size = len + 1;
        *buf = xrealloc(*buf, *size);
    }
    return search_fold_map(text, len, *buf, *size, NULL);
}

/* One row of the index: the texts of service or need `id` (kind 0 or 1). */
static int index_row(struct builder *b, int kind, int64_t id)
{
    sqlite3_stmt *st = b->sources[kind];
    for (int c = 0; c < N_COLUMNS; c++)
        b->col[c].len = 0;
    b->map.len = 0;
    int counts[N_COLUMNS] = {0};
    int last = 0; /* the column of the previous text */
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, -1);
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        int c = sqlite3_column_int(st, 0);
        const char *text = (const char *)sqlite3_column_text(st, 3);
        size_t len = (size_t)sqlite3_column_bytes(st, 3);
        size_t n = fold_text(&b->fold, &b->fold_size, text, len);
        int words = 0;
        if (tokenize(&b->tk, FTS5_TOKENIZE_DOCUMENT, b->fold, n, &words, count_token) !=
            SQLITE_OK) {
            sqlite3_reset(st);
            return build_fail(b, "cannot cut a text into words");
        }
        /* The separator keeps the last word of one text from running into
         * the first of the next. */
        if (b->col[c].len)
            buf_add(&b->col[c], "\n", 1);
        buf_add(&b->col[c], b->fold, n);
        while (last < c)
            buf_add(&b->map, "|", 1), last++;
        char num[16];
        int k = xsnprintf(num, sizeof num, "%s%d", counts[c]++ ? "," : "", words);
        buf_add(&b->map, num, (size_t)k);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return build_fail(b, "cannot read the texts");
    while (last < N_COLUMNS - 1)
        buf_add(&b->map, "|", 1), last++;

    /* A service's needs as tokens, so that one query finds the services of
     * some needs that match the rest of a query (needs_partial). */
    struct buf needs = {0};
    if (kind == 0) {
        sqlite3_bind_int64(b->needs, 1, id);
        for (step = sqlite3_step(b->needs); step == SQLITE_ROW; step = sqlite3_step(b->needs)) {
            char token[32];
            int k = xsnprintf(token, sizeof token, "%s" NEED_TOKEN "%lld", needs.len ? " " : "",
                              (long long)sqlite3_column_int64(b->needs, 0));
            buf_add(&needs, token, (size_t)k);
        }
        sqlite3_reset(b->needs);
        if (step != SQLITE_DONE) {
            free(needs.p);
            return build_fail(b, "cannot read a service's needs");
        }
    }
    int64_t rowid = kind == 0 ? id : -id;
    sqlite3_bind_int64(b->insert, 1, rowid);
    for (int c = 0; c < N_COLUMNS; c++)
        sqlite3_bind_text(b->insert, c + 2, b->col[c].len ? b->col[c].p : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(b->insert, N_COLUMNS + 2, needs.len ? needs.p : "", -1, SQLITE_STATIC);
    step = sqlite3_step(b->insert);
    free(needs.p);
    sqlite3_reset(b->insert);
    if (step != SQLITE_DONE)
        return build_fail(b, "cannot index a text");
    sqlite3_bind_int64(b->insert_doc, 1, rowid);
    sqlite3_bind_text(b->insert_doc, 2, b->map.p, (int)b->map.len, SQLITE_STATIC);
    step = sqlite3_step(b->insert_doc);
    sqlite3_reset(b->insert_doc);
    if (step != SQLITE_DONE)
        return build_fail(b, "cannot index a text");
    return CATALOG_OK;
}

static int index_rows(struct builder *b, int kind, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
        return build_fail(b, "cannot list what to index");
    int rc = CATALOG_OK, step;
    for (step = sqlite3_step(st); rc == CATALOG_OK && step == SQLITE_ROW; step = sqlite3_step(st))
        rc = index_row(b, kind, sqlite3_column_int64(st, 0));
    if (rc == CATALOG_OK && step != SQLITE_DONE)
        rc = build_fail(b, "cannot list what to index");
    sqlite3_finalize(st);
    return rc;
}

/* Fills search_typo from the words of the index. */
static int index_typos(struct builder *b)
{
    sqlite3_stmt *terms = NULL, *ins = NULL;
    int rc = CATALOG_OK;
    if (sqlite3_prepare_v2(b->db, "SELECT term FROM search_vocab", -1, &terms, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, "INSERT OR IGNORE INTO search_typo (key, term) VALUES (?1, ?2)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = build_fail(b, "cannot prepare the typo table");
        goto finalize;
    }
    int step;
    for (step = sqlite3_step(terms); step == SQLITE_ROW; step = sqlite3_step(terms)) {
        const char *term = (const char *)sqlite3_column_text(terms, 0);
        size_t len = (size_t)sqlite3_column_bytes(terms, 0);
        uint32_t cps[TYPO_TERM_MAX + 1];
        size_t n = code_points(term, len, cps, TYPO_TERM_MAX);
        if (n < TYPO_MIN - 1 || n > TYPO_TERM_MAX || strncmp(term, NEED_TOKEN, 5) == 0)
            continue;
        char key[TYPO_TERM_MAX * 4 + 1];
        for (size_t skip = 0; skip <= n; skip++) {
            if (skip < n && n < TYPO_MIN)
                continue; /* a four-letter word only under itself */
            size_t k = skip == n ? (memcpy(key, term, len), len) : deletion(term, len, skip, key);
            sqlite3_bind_text(ins, 1, key, (int)k, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, term, (int)len, SQLITE_STATIC);
            int done = sqlite3_step(ins);
            sqlite3_reset(ins);
            if (done != SQLITE_DONE) {
                rc = build_fail(b, "cannot fill the typo table");
                goto finalize;
            }
        }
    }
    if (step != SQLITE_DONE)
        rc = build_fail(b, "cannot read the index's words");
finalize:
    sqlite3_finalize(ins);
    sqlite3_finalize(terms);
    return rc;
}

int search_index_rebuild(sqlite3 *db, char *err, size_t errlen)
{
    struct builder b = {.db = db, .err = err, .errlen = errlen};
    int rc = CATALOG_OK;
    if (tokenizer_open(db, &b.tk) != SQLITE_OK) {
        rc = build_fail(&b, "no FTS5 tokenizer");
        goto free_builder;
    }
    if (sqlite3_exec(db,
                     "INSERT INTO search (search) VALUES ('delete-all');"
                     " DELETE FROM search_doc; DELETE FROM search_typo;"
                     " DELETE FROM catalogue_meta WHERE key = 'search_index'",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = build_fail(&b, "cannot empty the index");
        goto free_builder;
    }
    if (sqlite3_prepare_v2(db, SERVICE_SOURCES_SQL, -1, &b.sources[0], NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, NEED_SOURCES_SQL, -1, &b.sources[1], NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO search (rowid, name, keywords, place, text, needs)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &b.insert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT a.taxonomy_term_id FROM attribute a JOIN taxonomy_term t"
                           " ON t.id = a.taxonomy_term_id"
                           " WHERE a.service_id = ?1 AND t.taxonomy = 'frontdoor-need'",
                           -1, &b.needs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO search_doc (id, map) VALUES (?1, ?2)", -1,
                           &b.insert_doc, NULL) != SQLITE_OK) {
        rc = build_fail(&b, "cannot prepare the index");
        goto free_builder;
    }
    rc = index_rows(&b, 1, "SELECT id FROM taxonomy_term WHERE taxonomy = 'frontdoor-need'");
    if (rc == CATALOG_OK)
        rc = index_rows(&b, 0, "SELECT s.id FROM service s WHERE " LISTED);
    /* One segment: every query then reads one b-tree per word. */
    if (rc == CATALOG_OK && sqlite3_exec(db, "INSERT INTO search (search) VALUES ('optimize')",
                                         NULL, NULL, NULL) != SQLITE_OK)
        rc = build_fail(&b, "cannot optimize the index");
    if (rc == CATALOG_OK)
        rc = index_typos(&b);
free_builder:
    sqlite3_finalize(b.insert_doc);
    sqlite3_finalize(b.insert);
    sqlite3_finalize(b.needs);
    sqlite3_finalize(b.sources[1]);
    sqlite3_finalize(b.sources[0]);
    tokenizer_close(&b.tk);
    for (int c = 0; c < N_COLUMNS; c++)
        free(b.col[c].p);
    free(b.map.p);
    free(b.fold);
    return rc;
}

int search_index_refresh(sqlite3 *db, char *err, size_t errlen)
{
    static const char STALE_SQL[] =
        "SELECT 1 FROM catalogue_meta WHERE key = 'search_index' AND value = 'stale'";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, STALE_SQL, -1, &st, NULL) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot read the search index's state: %s", sqlite3_errmsg(db));
        return CATALOG_ERROR;
    }
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return CATALOG_OK;
    if (step != SQLITE_ROW) {
        xsnprintf(err, errlen, "cannot read the search index's state: %s", sqlite3_errmsg(db));
        return CATALOG_ERROR;
    }
    /* Another process may be building it too; the second finds it done. */
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot start building the search index: %s", sqlite3_errmsg(db));
        return CATALOG_ERROR;
    }
    int rc = CATALOG_OK;
    if (sqlite3_prepare_v2(db, STALE_SQL, -1, &st, NULL) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot read the search index's state: %s", sqlite3_errmsg(db));
        rc = CATALOG_ERROR;
        goto rollback;
    }
    step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step == SQLITE_ROW)
        rc = search_index_rebuild(db, err, errlen);
    if (rc == CATALOG_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot commit the search index: %s", sqlite3_errmsg(db));
        rc = CATALOG_ERROR;
    }
    if (rc == CATALOG_OK)
        return rc;
rollback:
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- a query -------------------------------------------------------------- */

/* Where one word of the query matched best in the current row. */
struct place {
    int score; /* -1: not in this row */
    int col, off;
};

struct phrase {
    int word; /* -1: a need token, the need found[need] of needs_partial */
    int need;
    enum quality quality;
};

#define PARTIAL_MAX 16 /* needs that match part of a query, searched further */

struct query {
    char words[WORDS_MAX][WORD_MAX * 2];
    size_t n_words;
    int prefix; /* the last word is still being typed */
    char typos[WORDS_MAX][TYPOS_MAX][TYPO_TERM_MAX * 4 + 1];
    size_t n_typos[WORDS_MAX];
    struct phrase phrases[WORDS_MAX * (TYPOS_MAX + 2)];
    size_t n_phrases;
    unsigned mask;                /* the words in the expression */
    struct place best[WORDS_MAX]; /* search_match's answer for the current row */
    unsigned needs_hit;           /* and the need tokens it has */
    char expr[WORDS_MAX * (TYPOS_MAX + 2) * (TYPO_TERM_MAX * 8 + 8) + 64];
};

/* How far down a match in column `col` of a service's (or need's) row
 * ranks: a need's name and keywords stand between a service's keywords and
 * its place. */
static int column_rank(int64_t rowid, int col)
{
    static const int service[N_COLUMNS] = {0, 1, 3, 4};
    static const int need[N_COLUMNS] = {2, 2, 4, 4};
    return (rowid < 0 ? need : service)[col];
}

static int word_score(int64_t rowid, int col, enum quality q)
{
    return column_rank(rowid, col) * 3 + (int)q;
}

#define NO_MATCH 10000

/* search_match(search, query): scores the current row, lower is better;
 * fills query->best for the caller. */
static void match_fn(const Fts5ExtensionApi *x, Fts5Context *fc, sqlite3_context *ctx, int n_val,
                     sqlite3_value **val)
{
    struct query *q = n_val == 1 ? sqlite3_value_pointer(val[0], "frontdoor_search_query") : NULL;
    if (!q) {
        sqlite3_result_error(ctx, "search_match: no query", -1);
        return;
    }
    int64_t rowid = x->xRowid(fc);
    for (size_t w = 0; w < q->n_words; w++)
        q->best[w].score = -1;
    q->needs_hit = 0;
    int n = 0;
    int rc = x->xInstCount(fc, &n);
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        int phrase, col, off;
        rc = x->xInst(fc, i, &phrase, &col, &off);
        if (rc != SQLITE_OK || phrase < 0 || (size_t)phrase >= q->n_phrases)
            break;
        const struct phrase *p = &q->phrases[phrase];
        if (p->word < 0) {
            q->needs_hit |= 1u << p->need;
            continue;
        }
        if (col >= N_COLUMNS)
            continue; /* a typed word that looks like a need token */
        struct place *b = &q->best[p->word];
        int s = word_score(rowid, col, p->quality);
        if (b->score < 0 || s < b->score)
            *b = (struct place){s, col, off};
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    int total = 0;
    for (size_t w = 0; w < q->n_words; w++) {
        if (q->mask & (1u << w))
            total += q->best[w].score < 0 ? NO_MATCH : q->best[w].score;
    }
    sqlite3_result_int(ctx, total);
}

/* Appends "text" (quotes doubled) and the phrase it is to the expression. */
static void expr_phrase(struct query *q, size_t *used, const char *text, int word,
                        enum quality quality, int first)
{
    char quoted[TYPO_TERM_MAX * 8 + 8];
    size_t k = 0;
    quoted[k++] = '"';
    for (const char *p = text; *p && k < sizeof quoted - 4; p++) {
        if (*p == '"')
            quoted[k++] = '"';
        quoted[k++] = *p;
    }
    quoted[k++] = '"';
    quoted[k] = '\0';
    xappend(q->expr, sizeof q->expr, used, "%s%s%s", first ? "" : " OR ", quoted,
            quality == PREFIX ? " *" : "");
    q->phrases[q->n_phrases++] = (struct phrase){word, -1, quality};
}

/* The FTS5 expression of the words in `mask`, joined by AND (or OR). */
static const char *expr_build(struct query *q, unsigned mask, const char *op)
{
    size_t used = 0;
    int first_group = 1;
    q->expr[0] = '\0';
    q->n_phrases = 0;
    q->mask = mask;
    for (size_t w = 0; w < q->n_words; w++) {
        if (!(mask & (1u << w)))
            continue;
        xappend(q->expr, sizeof q->expr, &used, "%s(", first_group ? "" : op);
        first_group = 0;
        expr_phrase(q, &used, q->words[w], (int)w, EXACT, 1);
        if (q->prefix && w + 1 == q->n_words)
            expr_phrase(q, &used, q->words[w], (int)w, PREFIX, 0);
        for (size_t t = 0; t < q->n_typos[w]; t++)
            expr_phrase(q, &used, q->typos[w][t], (int)w, TYPO, 0);
        xappend(q->expr, sizeof q->expr, &used, ")");
    }
    return q->expr;
}

struct cut {
    struct query *q;
    size_t folded_len;
};

static int query_word(void *arg, int flags, const char *token, int n, int start, int end)
{
    (void)start;
    struct cut *c = arg;
    struct query *q = c->q;
    if ((flags & FTS5_TOKEN_COLOCATED) || q->n_words == WORDS_MAX || n <= 0)
        return SQLITE_OK;
    /* A word too long to keep whole is cut at a character and searched as
     * a prefix, which is what it is. */
    size_t len = (size_t)n;
    if (len >= sizeof q->words[0]) {
        len = sizeof q->words[0] - 1;
        while (len > 0 && ((unsigned char)token[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(q->words[q->n_words], token, len);
    q->words[q->n_words][len] = '\0';
    q->n_words++;
    /* Still typing the last word unless something follows it. */
    q->prefix = (size_t)end == c->folded_len || len < (size_t)n;
    return SQLITE_OK;
}

/* ---- the statements kept on the catalogue --------------------------------- */

enum {
    ST_TYPO,           /* words filed under a key in the typo table */
    ST_MATCH,          /* rows matching every word */
    ST_NEEDS,          /* need rows matching any word */
    ST_NEED_SERVICES,  /* a need's listed services */
    ST_MAP,            /* a row's map */
    ST_SOURCE_SERVICE, /* the k-th text of a service's column */
    ST_SOURCE_NEED,    /* ... of a need's */
    ST_NEED_CODE,      /* a need's code, or the code of a service's first need */
    N_ST
};

static const char *const st_sql[N_ST] = {
    [ST_TYPO] = "SELECT term FROM search_typo WHERE key = ?1",
    [ST_MATCH] = "SELECT rowid, search_match(search, ?2) FROM search WHERE search MATCH ?1",
    [ST_NEEDS] = "SELECT rowid, search_match(search, ?2) FROM search"
                 " WHERE search MATCH ?1 AND rowid < 0",
    [ST_NEED_SERVICES] = "SELECT s.id FROM attribute a JOIN service s ON s.id = a.service_id"
                         " WHERE a.taxonomy_term_id = ?1 AND " LISTED " ORDER BY a.id LIMIT ?2",
    [ST_MAP] = "SELECT map FROM search_doc WHERE id = ?1",
    [ST_SOURCE_SERVICE] = NULL, /* SOURCES_SQL + LIMIT, below */
    [ST_SOURCE_NEED] = NULL,
    [ST_NEED_CODE] = "SELECT code FROM taxonomy_term WHERE id = coalesce(?2,"
                     " (SELECT t.id FROM attribute a JOIN taxonomy_term t"
                     "  ON t.id = a.taxonomy_term_id WHERE a.service_id = ?1"
                     "  AND t.taxonomy = 'frontdoor-need' ORDER BY t.position, t.code LIMIT 1))",
};

struct search_cache {
    sqlite3_stmt *st[N_ST];
    struct tokenizer tk;
    struct query q;
};

void search_cache_free(struct search_cache *sc)
{
    if (!sc)
        return;
    for (int i = 0; i < N_ST; i++)
        sqlite3_finalize(sc->st[i]);
    tokenizer_close(&sc->tk);
    free(sc);
}

static int cache_get(struct catalog *cat, struct search_cache **out)
{
    struct search_cache **slot = catalog_search_cache(cat);
    if (*slot) {
        *out = *slot;
        return CATALOG_OK;
    }
    sqlite3 *db = catalog_db(cat);
    struct search_cache *sc = xcalloc(1, sizeof *sc);
    if (tokenizer_open(db, &sc->tk) != SQLITE_OK ||
        sc->tk.api->xCreateFunction(sc->tk.api, "search_match", NULL, match_fn, NULL) !=
            SQLITE_OK) {
        search_cache_free(sc);
        return catalog_fail_db(cat, "cannot set up search");
    }
    for (int i = 0; i < N_ST; i++) {
        char sql[2048];
        const char *s = st_sql[i];
        if (i == ST_SOURCE_SERVICE || i == ST_SOURCE_NEED) {
            xsnprintf(sql, sizeof sql, "%s LIMIT 1 OFFSET ?3",
                      i == ST_SOURCE_SERVICE ? SERVICE_SOURCES_SQL : NEED_SOURCES_SQL);
            s = sql;
        }
        if (sqlite3_prepare_v3(db, s, -1, SQLITE_PREPARE_PERSISTENT, &sc->st[i], NULL) !=
            SQLITE_OK) {
            int rc = catalog_fail_db(cat, "cannot prepare a search");
            search_cache_free(sc);
            return rc;
        }
    }
    *slot = sc;
    *out = sc;
    return CATALOG_OK;
}

/* Fills q->typos[w] with the index's words one typo away from word w. */
static int typos_find(struct catalog *cat, struct search_cache *sc, size_t w)
{
    struct query *q = &sc->q;
    const char *word = q->words[w];
    size_t len = strlen(word);
    uint32_t a[TYPO_TERM_MAX + 1], b[TYPO_TERM_MAX + 1];
    size_t na = code_points(word, len, a, TYPO_TERM_MAX);
    q->n_typos[w] = 0;
    if (na < TYPO_MIN || na > TYPO_TERM_MAX)
        return CATALOG_OK;
    sqlite3_stmt *st = sc->st[ST_TYPO];
    char key[WORD_MAX * 2];
    for (size_t skip = 0; skip <= na && q->n_typos[w] < TYPOS_MAX; skip++) {
        size_t k = skip == na ? (memcpy(key, word, len + 1), len) : deletion(word, len, skip, key);
        sqlite3_bind_text(st, 1, key, (int)k, SQLITE_STATIC);
        int step;
        for (step = sqlite3_step(st); step == SQLITE_ROW && q->n_typos[w] < TYPOS_MAX;
             step = sqlite3_step(st)) {
            const char *term = (const char *)sqlite3_column_text(st, 0);
            size_t tlen = (size_t)sqlite3_column_bytes(st, 0);
            size_t nb = code_points(term, tlen, b, TYPO_TERM_MAX);
            if (nb > TYPO_TERM_MAX || !one_edit(a, na, b, nb))
                continue;
            size_t t = 0;
            while (t < q->n_typos[w] && strcmp(q->typos[w][t], term) != 0)
                t++;
            if (t == q->n_typos[w])
                xsnprintf(q->typos[w][q->n_typos[w]++], sizeof q->typos[w][0], "%s", term);
        }
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return catalog_fail_db(cat, "cannot look up typos");
    }
    return CATALOG_OK;
}

/* ---- candidates ----------------------------------------------------------- */

/* A service found, and the place that says why. */
struct cand {
    int64_t service;
    int score;
    int64_t need;    /* the need it came through, 0 if its own row matched */
    int64_t why_row; /* the row and place of the first word not in its name */
    int why_col, why_off;
};

struct cands {
    struct cand *items;
    size_t n, cap;
};

static void cand_add(struct cands *c, struct cand x)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->items = xrealloc(c->items, c->cap * sizeof *c->items);
    }
    c->items[c->n++] = x;
}

/* The why of words matched in two rows: a need's (the words in need_mask)
 * and the service's own. The first word in query order that is not in the
 * service's name gives it; when all are, the first word's place is kept, so
 * that a name matched in another language than the one shown is said. */
static void cand_why(struct cand *c, const struct place *need_best, unsigned need_mask,
                     const struct place *own_best, size_t n_words)
{
    size_t w = 0;
    while (w < n_words && !((need_mask >> w) & 1) && own_best[w].col == COL_NAME)
        w++;
    if (w == n_words)
        w = 0;
    int in_need = (need_mask >> w) & 1;
    const struct place *p = in_need ? &need_best[w] : &own_best[w];
    c->why_row = in_need ? -c->need : c->service;
    c->why_col = p->col;
    c->why_off = p->off;
}

/* A need that matches some words of the query. */
struct partial {
    int64_t need;
    unsigned mask; /* the words it matches */
    int score;
    struct place best[WORDS_MAX];
};

/* Runs a prepared match statement and adds its service rows; need rows (a
 * full match) go to `needs`. With `partial` (n_partial needs matching the
 * same words) each row is a service of one of them that matches the other
 * words, and comes with its best need. Stops after SCAN_MAX rows. */
static int scan(struct catalog *cat, struct search_cache *sc, sqlite3_stmt *st,
                const struct partial *partial, size_t n_partial, struct cands *out,
                struct cands *needs)
{
    struct query *q = &sc->q;
    size_t rows = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW && rows < SCAN_MAX;
         step = sqlite3_step(st), rows++) {
        int64_t rowid = sqlite3_column_int64(st, 0);
        int score = sqlite3_column_int(st, 1);
        if (score >= NO_MATCH)
            continue; /* a word matched only a need token: no text says why */
        struct cand c = {.score = score};
        if (rowid < 0) {
            c.need = -rowid;
            c.why_row = rowid;
            c.why_col = q->best[0].col;
            c.why_off = q->best[0].off;
            if (needs)
                cand_add(needs, c);
            continue;
        }
        c.service = rowid;
        const struct partial *p = NULL;
        for (size_t k = 0; k < n_partial; k++) {
            if ((q->needs_hit >> k) & 1 && (!p || partial[k].score < p->score))
                p = &partial[k];
        }
        if (n_partial && !p)
            continue;
        if (p) {
            c.need = p->need;
            c.score += p->score;
        }
        cand_why(&c, p ? p->best : NULL, p ? p->mask : 0, q->best, q->n_words);
        cand_add(out, c);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return catalog_fail_db(cat, "cannot search");
    return CATALOG_OK;
}

static int by_score(const void *a, const void *b);

/* The services of needs that match every word, best need first, `max` in
 * all: every service a need brings ranks with the need, so more could not
 * make the list. In catalogue order within a need (attribute ids follow the
 * bundle), which its index gives without sorting. */
static int needs_expand(struct catalog *cat, struct search_cache *sc, struct cands *needs,
                        size_t max, struct cands *out)
{
    sqlite3_stmt *st = sc->st[ST_NEED_SERVICES];
    if (needs->n > 1)
        qsort(needs->items, needs->n, sizeof *needs->items, by_score);
    size_t left = max;
    for (size_t i = 0; i < needs->n && left > 0; i++) {
        sqlite3_bind_int64(st, 1, needs->items[i].need);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)left);
        int step;
        for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
            struct cand c = needs->items[i];
            c.service = sqlite3_column_int64(st, 0);
            cand_add(out, c);
            left--;
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            return catalog_fail_db(cat, "cannot list a need's services");
    }
    return CATALOG_OK;
}

/* Needs that match some words but not all: their services whose own rows
 * match the rest, found by one query per set of words matched: the rest
 * AND one of the needs' tokens. */
static int needs_partial(struct catalog *cat, struct search_cache *sc, struct cands *out)
{
    struct query *q = &sc->q;
    unsigned all = (1u << q->n_words) - 1;
    struct partial found[PARTIAL_MAX];
    size_t n_found = 0;

    sqlite3_stmt *st = sc->st[ST_NEEDS];
    sqlite3_bind_text(st, 1, expr_build(q, all, " OR "), -1, SQLITE_TRANSIENT);
    sqlite3_bind_pointer(st, 2, q, "frontdoor_search_query", NULL);
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW && n_found < PARTIAL_MAX;
         step = sqlite3_step(st)) {
        struct partial *p = &found[n_found];
        p->need = -sqlite3_column_int64(st, 0);
        p->mask = 0;
        p->score = 0;
        for (size_t w = 0; w < q->n_words; w++) {
            p->best[w] = q->best[w];
            if (q->best[w].score >= 0) {
                p->mask |= 1u << w;
                p->score += q->best[w].score;
            }
        }
        if (p->mask != all && p->mask != 0)
            n_found++;
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return catalog_fail_db(cat, "cannot search the needs");

    st = sc->st[ST_MATCH];
    unsigned done = 0; /* the needs searched */
    for (size_t i = 0; i < n_found; i++) {
        if ((done >> i) & 1)
            continue;
        /* The needs that match the same words as found[i], in a row. */
        struct partial same[PARTIAL_MAX];
        size_t n_same = 0;
        for (size_t j = i; j < n_found; j++) {
            if (found[j].mask == found[i].mask) {
                same[n_same++] = found[j];
                done |= 1u << j;
            }
        }
        expr_build(q, all & ~found[i].mask, " AND ");
        size_t used = strlen(q->expr);
        xappend(q->expr, sizeof q->expr, &used, " AND needs : (");
        for (size_t k = 0; k < n_same; k++) {
            xappend(q->expr, sizeof q->expr, &used, "%s\"" NEED_TOKEN "%lld\"", k ? " OR " : "",
                    (long long)same[k].need);
            q->phrases[q->n_phrases++] = (struct phrase){-1, (int)k, EXACT};
        }
        xappend(q->expr, sizeof q->expr, &used, ")");
        sqlite3_bind_text(st, 1, q->expr, -1, SQLITE_TRANSIENT);
        sqlite3_bind_pointer(st, 2, q, "frontdoor_search_query", NULL);
        int rc = scan(cat, sc, st, same, n_same, out, NULL);
        if (rc != CATALOG_OK)
            return rc;
    }
    return CATALOG_OK;
}

static int by_service_then_score(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->service != y->service)
        return x->service < y->service ? -1 : 1;
    if (x->score != y->score)
        return x->score - y->score;
    return (x->need > y->need) - (x->need < y->need);
}

static int by_score(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score - y->score;
    return (x->service > y->service) - (x->service < y->service);
}

/* Keeps each service once, at its best, and ranks them. */
static void cands_rank(struct cands *c)
{
    if (c->n == 0)
        return;
    qsort(c->items, c->n, sizeof *c->items, by_service_then_score);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (k == 0 || c->items[k - 1].service != c->items[i].service)
            c->items[k++] = c->items[i];
    }
    c->n = k;
    qsort(c->items, c->n, sizeof *c->items, by_score);
}

/* ---- why ------------------------------------------------------------------ */

/* 1 when a keyword separator (a comma, or the Arabic comma) starts at p. */
static int sep_at(const char *p)
{
    return p[0] == ',' || ((unsigned char)p[0] == 0xD8 && (unsigned char)p[1] == 0x8C);
}

/* 1 when a keyword separator ends just before t[a]. */
static int sep_before(const char *t, size_t a)
{
    return (a >= 1 && t[a - 1] == ',') ||
           (a >= 2 && (unsigned char)t[a - 2] == 0xD8 && (unsigned char)t[a - 1] == 0x8C);
}

struct token_pos {
    int start, end; /* bytes of the folded text */
};

struct token_list {
    struct token_pos *items;
    int n, max;
};

static int collect_token(void *arg, int flags, const char *token, int n, int start, int end)
{
    (void)token, (void)n;
    struct token_list *t = arg;
    if (flags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    if (t->n == t->max)
        return SQLITE_DONE; /* enough: stops the tokenizer */
    t->items[t->n++] = (struct token_pos){start, end};
    return SQLITE_OK;
}

/* What word `off` of `text` is in: its keyword when `text` is a keyword
 * list, else a few words around it, cut with "…". NULL when the text has no
 * such word. The words are found in the folded text and cut from the
 * original, so the person reads what the catalogue wrote. */
static char *why_excerpt(struct search_cache *sc, const char *field, const char *text, int off)
{
    size_t len = strlen(text);
    char *folded = xmalloc(len + 1);
    uint32_t *map = xmalloc((len + 1) * sizeof *map);
    size_t flen = search_fold_map(text, len, folded, len + 1, map);
    int max = off + SNIPPET_AFTER + 1;
    struct token_list tl = {xmalloc((size_t)max * sizeof *tl.items), 0, max};
    tokenize(&sc->tk, FTS5_TOKENIZE_DOCUMENT, folded, flen, &tl, collect_token);
    char *out = NULL;
    if (off >= tl.n)
        goto free_all;
    if (strcmp(field, "keywords") == 0) {
        size_t a = map[tl.items[off].start], b = a;
        while (a > 0 && !sep_before(text, a))
            a--;
        while (b < len && !sep_at(text + b))
            b++;
        while (a < b && text[a] == ' ')
            a++;
        while (b > a && text[b - 1] == ' ')
            b--;
        out = xstrndup(text + a, b - a);
    } else {
        int first = off > SNIPPET_BEFORE ? off - SNIPPET_BEFORE : 0;
        size_t a = map[tl.items[first].start], b = map[tl.items[tl.n - 1].end];
        size_t size = b - a + 8;
        out = xmalloc(size);
        xsnprintf(out, size, "%s%.*s%s", first > 0 ? "…" : "", (int)(b - a), text + a,
                  tl.n == tl.max ? "…" : "");
    }
free_all:
    free(tl.items);
    free(map);
    free(folded);
    return out;
}

/* Fills `why` from word `off` of column `col` of index row `row`, unless it
 * is in the service's name as shown (`name_lang`). */
static int why_load(struct catalog *cat, struct search_cache *sc, int64_t row, int col, int off,
                    const char *name_lang, struct fd_text *why)
{
    sqlite3_stmt *st = sc->st[ST_MAP];
    sqlite3_bind_int64(st, 1, row);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        return step == SQLITE_DONE ? CATALOG_OK : catalog_fail_db(cat, "cannot read why");
    }
    /* "3,4|2|5|40,12": the words of each text, column by column. */
    const char *m = (const char *)sqlite3_column_text(st, 0);
    for (int c = 0; m && c < col; c++) {
        m = strchr(m, '|');
        m = m ? m + 1 : NULL;
    }
    int k = -1, start = 0;
    for (int i = 0; m && *m >= '0' && *m <= '9'; i++) {
        char *end;
        long words = strtol(m, &end, 10);
        if (off < start + words) {
            k = i;
            break;
        }
        start += (int)words;
        if (*end != ',')
            break;
        m = end + 1;
    }
    sqlite3_reset(st);
    if (k < 0)
        return CATALOG_OK; /* a map that does not say: no reason rather than a wrong one */

    st = sc->st[row < 0 ? ST_SOURCE_NEED : ST_SOURCE_SERVICE];
    sqlite3_bind_int64(st, 1, row < 0 ? -row : row);
    sqlite3_bind_int(st, 2, col);
    sqlite3_bind_int(st, 3, k);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *field = (const char *)sqlite3_column_text(st, 1);
        const char *lang = (const char *)sqlite3_column_text(st, 2);
        const char *text = (const char *)sqlite3_column_text(st, 3);
        if (row > 0 && col == COL_NAME && strcmp(lang, name_lang) == 0) {
            /* In the name as shown: no need to say why. */
        } else if (strcmp(field, "name") == 0) {
            why->text = xstrdup(text);
        } else {
            why->text = why_excerpt(sc, field, text, off - start);
        }
        if (why->text)
            xsnprintf(why->lang, sizeof why->lang, "%s", lang);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return catalog_fail_db(cat, "cannot read why");
    return CATALOG_OK;
}

/* The code of `need`, or with need 0 of the service's first need in
 * catalogue order; "" when it has none. */
static int need_code(struct catalog *cat, struct search_cache *sc, int64_t service, int64_t need,
                     char *code, size_t size)
{
    code[0] = '\0';
    sqlite3_stmt *st = sc->st[ST_NEED_CODE];
    sqlite3_bind_int64(st, 1, service);
    if (need)
        sqlite3_bind_int64(st, 2, need);
    else
        sqlite3_bind_null(st, 2);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        xsnprintf(code, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return catalog_fail_db(cat, "cannot read a service's needs");
    return CATALOG_OK;
}

/* ---- catalog_search -------------------------------------------------------- */

void catalog_search_free(struct search_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        catalog_summary_free(&r->items[i].service);
        fd_text_free(&r->items[i].why);
    }
    free(r->items);
    r->items = NULL;
    r->n = 0;
    r->total = 0;
}

/* Hits of equal score in the order of a need's list; a group per need in
 * the order of its best hit. */
static void hits_order(struct search_results *r, const struct cand *ranked)
{
    for (size_t i = 0; i < r->n;) {
        size_t j = i + 1;
        while (j < r->n && ranked[j].score == ranked[i].score)
            j++;
        /* Insertion sort: stable, and the runs are short. */
        for (size_t a = i + 1; a < j; a++) {
            struct search_hit h = r->items[a];
            size_t b = a;
            while (b > i && catalog_summary_order(&r->items[b - 1].service, &h.service) > 0) {
                r->items[b] = r->items[b - 1];
                b--;
            }
            r->items[b] = h;
        }
        i = j;
    }
    struct search_hit *grouped = xmalloc(r->n * sizeof *grouped);
    unsigned char *taken = xcalloc(r->n ? r->n : 1, 1);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (taken[i])
            continue;
        for (size_t j = i; j < r->n; j++) {
            if (!taken[j] && strcmp(r->items[j].need, r->items[i].need) == 0) {
                grouped[k++] = r->items[j];
                taken[j] = 1;
            }
        }
    }
    memcpy(r->items, grouped, r->n * sizeof *grouped);
    free(taken);
    free(grouped);
}

static int search_read(struct catalog *cat, struct search_cache *sc, size_t max,
                       struct search_results *out)
{
    struct query *q = &sc->q;
    struct cands found = {0}, needs = {0};
    int rc = CATALOG_OK;
    for (size_t w = 0; rc == CATALOG_OK && w < q->n_words; w++)
        rc = typos_find(cat, sc, w);
    if (rc != CATALOG_OK)
        goto free_cands;

    /* The names and keywords first, so that a common word, whose matches
     * the scan cannot all score, still finds every service named by it. */
    sqlite3_stmt *st = sc->st[ST_MATCH];
    char *expr = xstrdup(expr_build(q, (1u << q->n_words) - 1, " AND "));
    char *names = xmalloc(strlen(expr) + 32);
    xsnprintf(names, strlen(expr) + 32, "{name keywords} : (%s)", expr);
    sqlite3_bind_text(st, 1, names, -1, SQLITE_TRANSIENT);
    sqlite3_bind_pointer(st, 2, q, "frontdoor_search_query", NULL);
    rc = scan(cat, sc, st, NULL, 0, &found, NULL);
    if (rc == CATALOG_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
        sqlite3_bind_pointer(st, 2, q, "frontdoor_search_query", NULL);
        rc = scan(cat, sc, st, NULL, 0, &found, &needs);
    }
    free(names);
    free(expr);
    if (rc == CATALOG_OK)
        rc = needs_expand(cat, sc, &needs, SEARCH_MAX_HITS, &found);
    if (rc == CATALOG_OK && q->n_words > 1)
        rc = needs_partial(cat, sc, &found);
    if (rc != CATALOG_OK)
        goto free_cands;
    cands_rank(&found);
    out->total = found.n < SEARCH_MAX_HITS ? found.n : SEARCH_MAX_HITS;
    size_t n = out->total < max ? out->total : max;
    if (n == 0)
        goto free_cands;

    int64_t *ids = xmalloc(n * sizeof *ids);
    struct service_summary *sums = xcalloc(n, sizeof *sums);
    for (size_t i = 0; i < n; i++)
        ids[i] = found.items[i].service;
    rc = catalog_summaries_load(cat, ids, n, sums);
    free(ids);
    if (rc != CATALOG_OK) {
        free(sums);
        goto free_cands;
    }
    out->items = xcalloc(n, sizeof *out->items);
    out->n = n;
    for (size_t i = 0; i < n; i++)
        out->items[i].service = sums[i];
    free(sums);
    for (size_t i = 0; rc == CATALOG_OK && i < n; i++) {
        const struct cand *c = &found.items[i];
        struct search_hit *h = &out->items[i];
        rc = need_code(cat, sc, c->service, c->need, h->need, sizeof h->need);
        /* The services a need brought share its why. */
        size_t j = 0;
        while (j < i &&
               !(c->why_row < 0 && found.items[j].why_row == c->why_row &&
                 found.items[j].why_col == c->why_col && found.items[j].why_off == c->why_off))
            j++;
        if (j < i) {
            h->why.text = xstrdup(out->items[j].why.text);
            memcpy(h->why.lang, out->items[j].why.lang, sizeof h->why.lang);
        } else if (rc == CATALOG_OK) {
            rc = why_load(cat, sc, c->why_row, c->why_col, c->why_off, h->service.name.lang,
                          &h->why);
        }
    }
    if (rc == CATALOG_OK)
        hits_order(out, found.items);
free_cands:
    free(found.items);
    free(needs.items);
    return rc;
}

int catalog_search(struct catalog *cat, const char *query, size_t max, struct search_results *out)
{
    out->items = NULL;
    out->n = 0;
    out->total = 0;
    if (!query || max == 0)
        return CATALOG_OK;
    struct search_cache *sc;
    int rc = cache_get(cat, &sc);
    if (rc != CATALOG_OK)
        return rc;

    /* Only what the field would take; a cut character folds to a space. */
    size_t len = strnlen(query, SEARCH_QUERY_MAX);
    char folded[SEARCH_QUERY_MAX + 1];
    size_t flen = search_fold_map(query, len, folded, sizeof folded, NULL);
    struct query *q = &sc->q;
    q->n_words = 0;
    q->prefix = 0;
    struct cut cut = {q, flen};
    if (tokenize(&sc->tk, FTS5_TOKENIZE_QUERY, folded, flen, &cut, query_word) != SQLITE_OK)
        return catalog_fail_db(cat, "cannot cut the query into words");
    if (q->n_words == 0)
        return CATALOG_OK;

    rc = catalog_read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = catalog_read_end(cat, search_read(cat, sc, max, out));
    if (rc != CATALOG_OK)
        catalog_search_free(out);
    return rc;
}
