/* test_search.c: search_fold and catalog_search.
 *
 * The sample catalogue gives each need keywords in twelve languages, so the
 * searches in many languages and scripts run on it; ranking, why, typos,
 * inactive services and words across a need and a service run on a small
 * bundle below, where every text is known.
 */
#include "frontdoor/search.h"

#include "test_util.h"

/* ---- search_fold ---------------------------------------------------------- */

static void fold_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* Case and Latin diacritics are the tokenizer's: kept here. */
        {"Åbo hätä", "Åbo hätä"},
        {"a\xCC\x88iti", "aiti"}, /* a + combining diaeresis */
        /* Arabic: harakat, tatweel, alef, yeh, kaf and teh marbuta forms. */
        {"اِكْتِئَاب", "اكتئاب"},
        {"أإآٱ", "اااا"},
        {"كـــتاب", "كتاب"},
        {"ى ی ي", "ي ي ي"},
        {"ک ك", "ك ك"},
        {"مدرسة", "مدرسه"},
        {"١٢٣ ۴۵۶", "123 456"},
        /* Persian: a word with and without ZWNJ folds the same. */
        {"بی\u200Cخوابی", "بيخوابي"},
        {"بیخوابی", "بيخوابي"},
        /* Apostrophes inside a word join it; elsewhere they part words. */
        {"пам'ять", "память"},
        {"пам\u2019ять", "память"},
        {"пам\u02BCять", "память"},
        {"'quoted'", " quoted "},
        {"ёлка Ёж", "елка Еж"},
        /* Bytes that are not text, and controls, become spaces. */
        {"a\xFF"
         "b",
         "a b"},
        {"a\xC0\xAF"
         "b",
         "a  b"}, /* overlong '/' */
        {"a\xED\xA0\x80"
         "b",
         "a   b"},            /* a surrogate */
        {"a\xE2\x82", "a  "}, /* cut in the middle */
        {"a\x01\tb\x7F", "a  b "},
        {"a\xC2\x85"
         "b",
         "a b"},                        /* NEL, a C1 control */
        {"\u202Bمرحبا\u202C", "مرحبا"}, /* bidi embedding */
        {"", ""},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[256];
        size_t n = search_fold(cases[i].in, out, sizeof out);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\" folded to \"%s\", want \"%s\"", i, cases[i].in, out,
                     cases[i].out);
        assert_int_equal(n, strlen(out));
    }
}

static void fold_stays_in_its_buffer(void **state)
{
    (void)state;
    char out[6] = "xxxxx";
    /* "ää" is four bytes; a third would not fit with the terminator. */
    assert_int_equal(search_fold("äää", out, sizeof out), 4);
    assert_string_equal(out, "ää");
    assert_int_equal(search_fold("abc", out, 1), 0);
    assert_string_equal(out, "");
    assert_int_equal(search_fold(NULL, out, sizeof out), 0);
}

/* ---- helpers -------------------------------------------------------------- */

static struct catalog *sample;

static int sample_setup(void **state)
{
    (void)state;
    if (tmpdir_create("test_search") != 0)
        return -1;
    sample = open_ok(tmp_path("sample.db"), CATALOG_CREATE);
    import_ok(sample, TEST_SOURCE_DIR "/data/sample-catalogue.json", NULL);
    return 0;
}

static int sample_teardown(void **state)
{
    catalog_close(sample);
    return remove_tmpdir(state);
}

static void dump(const char *query, const struct search_results *r)
{
    fprintf(stderr, "search \"%s\": %zu hits\n", query, r->n);
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "  %s [%s] why %s (%s)\n", r->items[i].service.hsds_id, r->items[i].need,
                r->items[i].why.text ? r->items[i].why.text : "-", r->items[i].why.lang);
}

static void search_ok(struct catalog *cat, const char *query, struct search_results *r)
{
    if (catalog_search(cat, query, 60, r) != CATALOG_OK)
        fail_msg("search \"%s\": %s", query, catalog_errmsg(cat));
}

/* The place of hsds_id in r, or -1. */
static int hit_at(const struct search_results *r, const char *hsds_id)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->items[i].service.hsds_id, hsds_id) == 0)
            return (int)i;
    }
    return -1;
}

/* Searches and checks that the first hit is under `need` and, when given,
 * that `hsds_id` is among the hits. */
static void expect_need(struct catalog *cat, const char *query, const char *need,
                        const char *hsds_id)
{
    struct search_results r;
    search_ok(cat, query, &r);
    if (r.n == 0 || strcmp(r.items[0].need, need) != 0 || (hsds_id && hit_at(&r, hsds_id) < 0)) {
        dump(query, &r);
        fail_msg("search \"%s\": want need %s first%s%s", query, need, hsds_id ? " and " : "",
                 hsds_id ? hsds_id : "");
    }
    catalog_search_free(&r);
}

/* Searches and checks that `hsds_id` is among the hits. */
static void expect_hit(struct catalog *cat, const char *query, const char *hsds_id)
{
    struct search_results r;
    search_ok(cat, query, &r);
    if (hit_at(&r, hsds_id) < 0) {
        dump(query, &r);
        fail_msg("search \"%s\": want %s", query, hsds_id);
    }
    catalog_search_free(&r);
}

static void expect_none(struct catalog *cat, const char *query)
{
    struct search_results r;
    search_ok(cat, query, &r);
    if (r.n != 0) {
        dump(query, &r);
        fail_msg("search \"%s\": want no hits", query);
    }
}

/* ---- the sample catalogue ------------------------------------------------- */

/* "depression" in every language of the kiosk leads to the mental-health
 * services: Latin, Cyrillic, Arabic and Persian, and Ge'ez script. */
static void keywords_in_twelve_languages(void **state)
{
    (void)state;
    static const char *const words[] = {
        "depression", "masennus", "ångest",   "angst",     "depresjon", "depresión",
        "اكتئاب",     "افسردگی",  "депресія", "депрессия", "niyad jab", "ጭንቀት",
    };
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        expect_need(sample, words[i], "mental-health", "svc-calm-line");
    expect_need(sample, "ሓኪም", "health", "svc-open-clinic");
    expect_need(sample, "житло", "housing", "svc-housing-advice");
    expect_need(sample, "مخدرات", "addiction", NULL);
}

static void diacritics_fold(void **state)
{
    (void)state;
    expect_need(sample, "angest", "mental-health", NULL); /* ångest */
    expect_need(sample, "ANGEST", "mental-health", NULL);
    expect_need(sample, "depresion", "mental-health", NULL); /* depresión */
    expect_need(sample, "sömnlöshet", "mental-health", NULL);
    expect_need(sample, "somnloshet", "mental-health", NULL);
    expect_need(sample, "lakare", "health", NULL); /* läkare */
}

static void arabic_and_persian_forms(void **state)
{
    (void)state;
    expect_need(sample, "اِكْتِئَاب", "mental-health", NULL); /* with harakat */
    expect_need(sample, "ادمان", "addiction", NULL);      /* إدمان without hamza */
    expect_need(sample, "أدمان", "addiction", NULL);
    expect_need(sample, "آدمان", "addiction", NULL);
    expect_need(sample, "إدمـــان", "addiction", NULL); /* tatweel */
    expect_need(sample, "بی\u200Cخوابی", "mental-health", NULL);
    expect_need(sample, "بیخوابی", "mental-health", NULL);
    expect_need(sample, "بيخوابي", "mental-health", NULL); /* Arabic yeh */
}

static void cyrillic_apostrophes(void **state)
{
    (void)state;
    /* The need "Здоров'я" (health) and services with it in their names. */
    static const char *const typed[] = {"здоров'я", "здоров\u2019я", "здоров\u02BCя", "здоровя",
                                        "ЗДОРОВ’Я"};
    for (size_t i = 0; i < ARRAY_LEN(typed); i++) {
        expect_hit(sample, typed[i], "svc-open-clinic");
        expect_hit(sample, typed[i], "svc-child-health-clinic");
    }
    expect_need(sample, "жилье", "housing", NULL); /* жильё */
}

static void prefix_as_typed(void **state)
{
    (void)state;
    expect_need(sample, "masen", "mental-health", NULL);
    expect_need(sample, "депре", "mental-health", NULL);
    expect_need(sample, "اكتئ", "mental-health", NULL);
    /* A finished word is no prefix: "masen " is a word of its own. */
    expect_none(sample, "masen ");
}

static void one_typo_forgiven_in_long_words(void **state)
{
    (void)state;
    expect_need(sample, "masenus", "mental-health", NULL);   /* a letter left out */
    expect_need(sample, "masennuss", "mental-health", NULL); /* one too many */
    expect_need(sample, "masennys", "mental-health", NULL);  /* one wrong */
    expect_need(sample, "amsennus", "mental-health", NULL);  /* two swapped */
    expect_need(sample, "masenus ", "mental-health", NULL);  /* finished */
    expect_need(sample, "anxeity", "mental-health", NULL);
    expect_none(sample, "masenuss"); /* two typos */
    expect_none(sample, "amsenuss");
    expect_need(sample, "agnst ", "mental-health", NULL); /* angst: five letters */
    expect_none(sample, "agst ");                         /* angst: only four letters typed */
    expect_none(sample, "angt ");
}

static void why_says_which_keyword(void **state)
{
    (void)state;
    struct search_results r;
    search_ok(sample, "masennus", &r);
    assert_true(r.n > 0);
    for (size_t i = 0; i < r.n; i++) {
        if (!r.items[i].why.text) {
            dump("masennus", &r);
            fail_msg("hit %zu has no why", i);
        }
    }
    /* The first hits come through the need's Finnish keyword. */
    assert_string_equal(r.items[0].why.text, "masennus");
    assert_string_equal(r.items[0].why.lang, "fi");
    catalog_search_free(&r);

    search_ok(sample, "اكتئاب", &r);
    assert_true(r.n > 0);
    assert_string_equal(r.items[0].why.text, "اكتئاب");
    assert_string_equal(r.items[0].why.lang, "ar");
    catalog_search_free(&r);

    /* In the name as shown (English): no why. */
    search_ok(sample, "calm line", &r);
    assert_true(r.n > 0);
    assert_string_equal(r.items[0].service.hsds_id, "svc-calm-line");
    assert_null(r.items[0].why.text);
    catalog_search_free(&r);
}

static void groups_hold_together(void **state)
{
    (void)state;
    static const char *const queries[] = {"help", "youth", "a", "ne", "läkare", "advice"};
    for (size_t q = 0; q < ARRAY_LEN(queries); q++) {
        struct search_results r;
        search_ok(sample, queries[q], &r);
        for (size_t i = 1; i < r.n; i++) {
            if (strcmp(r.items[i].need, r.items[i - 1].need) == 0)
                continue;
            for (size_t j = 0; j + 1 < i; j++) {
                if (strcmp(r.items[j].need, r.items[i].need) == 0) {
                    dump(queries[q], &r);
                    fail_msg("\"%s\": need %s comes back at hit %zu", queries[q], r.items[i].need,
                             i);
                }
            }
        }
        assert_true(r.n <= 60);
        catalog_search_free(&r);
    }
}

/* Whatever is typed searches or finds nothing; it never fails. */
static void any_bytes_are_safe(void **state)
{
    (void)state;
    static const char *const queries[] = {
        "\"",
        "\"\"",
        "*",
        "calm*",
        "* calm",
        "NEAR",
        "NEAR(calm line)",
        "NEAR(calm line, 2)",
        "-",
        "-calm",
        "calm -line",
        ":",
        "name:calm",
        "name : calm",
        "{name}: calm",
        "AND",
        "OR",
        "NOT",
        "calm AND",
        "calm OR line",
        "NOT calm",
        "calm NOT line",
        "(",
        ")",
        "(calm",
        "calm)",
        "^calm",
        "+calm",
        "\"calm",
        "calm\"",
        "'",
        "''",
        "\\",
        "%",
        "_",
        "\xFF\xFE",
        "calm\xC3",
        "\x01\x02\x03",
        "\t\n\r",
        "          ",
        "",
        "\xD8",
        "‌",
        "ـ",
        "ً",
        "'''",
        ",,,",
        "…",
        "\u200F",
        "\xEF\xBB\xBF",
    };
    for (size_t i = 0; i < ARRAY_LEN(queries); i++) {
        struct search_results r;
        if (catalog_search(sample, queries[i], 60, &r) != CATALOG_OK)
            fail_msg("case %zu (\"%s\"): %s", i, queries[i], catalog_errmsg(sample));
        catalog_search_free(&r);
    }
    /* FTS5 syntax is only text: the words around it are searched. */
    expect_need(sample, "\"calm\" -(line*)", "mental-health", "svc-calm-line");
    expect_none(sample, "calm NEAR(line)"); /* "near" is a word like any other */
    expect_need(sample, "calm\x01\xFFline", "mental-health", "svc-calm-line");
    expect_none(sample, "   ");
    expect_none(sample, "\"*:-()");
    /* 10 KB: searched as far as the field would have taken it. */
    char *big = xmalloc(10 * 1024 + 1);
    for (size_t i = 0; i < 10 * 1024; i++)
        big[i] = "calm "[i % 5];
    big[10 * 1024] = '\0';
    struct search_results r;
    search_ok(sample, big, &r);
    catalog_search_free(&r);
    memset(big, 0xFF, 10 * 1024);
    search_ok(sample, big, &r);
    assert_int_equal(r.n, 0);
    free(big);
}

static void no_query_text_on_disk(void **state)
{
    (void)state;
    assert_int_equal(scalar(catalog_db(sample), "PRAGMA temp_store"), 2); /* MEMORY */
}

/* ---- a small bundle ------------------------------------------------------- */

#define ORG "\"organization\": {\"id\": \"o\", \"name\": \"Harbour Org\"}"
static const char small_bundle[] =
    "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
    " \"taxonomy_terms\": ["
    "  {\"id\": \"need-food\", \"code\": \"food\", \"name\": \"Food\","
    "   \"taxonomy\": \"frontdoor-need\", \"keywords\": [\"meal\", \"hunger\"]},"
    "  {\"id\": \"need-other\", \"code\": \"other\", \"name\": \"Other things\","
    "   \"taxonomy\": \"frontdoor-need\"}],"
    " \"services\": ["
    "  {\"id\": \"svc-desc\", \"name\": \"Community Kitchen\", \"status\": \"active\", " ORG ","
    "   \"description\": \"A warm place where anyone can share food with neighbours and talk"
    " about the week.\", \"keywords\": [\"soup\"],"
    "   \"attributes\": [{\"taxonomy_term_id\": \"need-other\"}]},"
    "  {\"id\": \"svc-bank\", \"name\": \"Food Bank\", \"status\": \"active\", " ORG ","
    "   \"description\": \"Groceries every Friday.\","
    "   \"attributes\": [{\"taxonomy_term_id\": \"need-food\"}]},"
    "  {\"id\": \"svc-old\", \"name\": \"Old Food Store\", \"status\": \"inactive\", " ORG ","
    "   \"attributes\": [{\"taxonomy_term_id\": \"need-food\"}]},"
    "  {\"id\": \"svc-gone\", \"name\": \"Food Truck\", \"status\": \"defunct\", " ORG "},"
    "  {\"id\": \"svc-youth\", \"name\": \"Youth Corner\", \"status\": \"active\", " ORG ","
    "   \"attributes\": [{\"taxonomy_term_id\": \"need-food\"}]},"
    "  {\"id\": \"svc-neighbour\", \"name\": \"Neighbourhood House\", \"status\": \"active\","
    "   " ORG "}],"
    " \"translations\": ["
    "  {\"entity\": \"service\", \"id\": \"svc-desc\", \"field\": \"keywords\", \"lang\": \"fi\","
    "   \"text\": \"keitto, yhteinen ateria\"},"
    "  {\"entity\": \"service\", \"id\": \"svc-bank\", \"field\": \"name\", \"lang\": \"fi\","
    "   \"text\": \"Ruokapankki\"}]}";

static struct catalog *small_catalog(const char *name)
{
    struct catalog *cat = open_ok(tmp_path(name), CATALOG_CREATE);
    char err[1024];
    if (import_buffer(cat, "small.json", small_bundle, strlen(small_bundle), 0, NULL, err,
                      sizeof err) != 0)
        fail_msg("%s", err);
    return cat;
}

/* A name before a need before a description; inactive and defunct never. */
static void ranked_and_explained(void **state)
{
    (void)state;
    struct catalog *cat = small_catalog("ranked.db");
    struct search_results r;
    search_ok(cat, "food", &r);
    if (r.n != 3) {
        dump("food", &r);
        fail_msg("want 3 hits");
    }
    assert_string_equal(r.items[0].service.hsds_id, "svc-bank");
    assert_null(r.items[0].why.text);
    assert_string_equal(r.items[0].need, "food");
    assert_string_equal(r.items[1].service.hsds_id, "svc-youth"); /* the need's name */
    assert_string_equal(r.items[1].why.text, "Food");
    assert_string_equal(r.items[1].need, "food");
    assert_string_equal(r.items[2].service.hsds_id, "svc-desc"); /* its description */
    assert_string_equal(r.items[2].need, "other");
    assert_string_equal(r.items[2].why.text, "…can share food with neighbours and…");
    assert_string_equal(r.items[2].why.lang, "en");
    /* Summaries as in a need's list. */
    assert_string_equal(r.items[0].service.name.text, "Food Bank");
    assert_null(r.items[0].service.organization.text);
    assert_string_equal(r.items[0].service.status, "active");
    catalog_search_free(&r);

    search_ok(cat, "old store", &r);
    assert_int_equal(r.n, 0);
    search_ok(cat, "truck", &r);
    assert_int_equal(r.n, 0);

    /* A keyword of the service, in the language it was given in. */
    search_ok(cat, "yhteinen", &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].why.text, "yhteinen ateria");
    assert_string_equal(r.items[0].why.lang, "fi");
    catalog_search_free(&r);

    /* The name in another language than the one shown says so. */
    search_ok(cat, "ruokapankki", &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].why.text, "Ruokapankki");
    assert_string_equal(r.items[0].why.lang, "fi");
    catalog_search_free(&r);
    catalog_set_languages(cat, "fi", "en");
    search_ok(cat, "ruokapankki", &r);
    assert_null(r.items[0].why.text);
    catalog_search_free(&r);
    catalog_close(cat);
}

/* Some words in a need's texts, the rest in the service's own. */
static void words_across_need_and_service(void **state)
{
    (void)state;
    struct catalog *cat = small_catalog("across.db");
    struct search_results r;
    search_ok(cat, "youth hunger", &r);
    if (r.n != 1) {
        dump("youth hunger", &r);
        fail_msg("want Youth Corner only");
    }
    assert_string_equal(r.items[0].service.hsds_id, "svc-youth");
    assert_string_equal(r.items[0].why.text, "hunger");
    assert_string_equal(r.items[0].need, "food");
    catalog_search_free(&r);
    /* Both words must match somewhere. */
    search_ok(cat, "youth soup", &r);
    assert_int_equal(r.n, 0);
    catalog_close(cat);
}

/* Typos are tried against the index's words only: a typo of a word that is
 * not in the catalogue finds nothing, and a word near two words finds both. */
static void typo_of_what_is_there(void **state)
{
    (void)state;
    struct catalog *cat = small_catalog("typo.db");
    struct search_results r;
    search_ok(cat, "neighbuors", &r); /* swapped: "neighbours" */
    assert_true(r.n >= 1);
    assert_true(hit_at(&r, "svc-desc") >= 0);
    catalog_search_free(&r);
    search_ok(cat, "nieghbuors", &r); /* two swaps */
    assert_int_equal(r.n, 0);
    search_ok(cat, "hungr ", &r); /* five letters: one left out */
    assert_int_equal(r.n, 2);
    catalog_search_free(&r);
    search_ok(cat, "mael ", &r); /* four letters: no typo */
    assert_int_equal(r.n, 0);
    catalog_close(cat);
}

/* The index follows the catalogue: a new import replaces it, in the same
 * transaction. */
static void reimport_replaces_the_index(void **state)
{
    (void)state;
    struct catalog *cat = small_catalog("reimport.db");
    struct search_results r;
    search_ok(cat, "groceries", &r);
    assert_int_equal(r.n, 1);
    catalog_search_free(&r);
    import_ok(cat, fixture("import-good.json"), NULL);
    search_ok(cat, "groceries", &r);
    assert_int_equal(r.n, 0);
    search_ok(cat, "crisis", &r);
    assert_true(r.n > 0);
    catalog_search_free(&r);
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_table),
        cmocka_unit_test(fold_stays_in_its_buffer),
        cmocka_unit_test(keywords_in_twelve_languages),
        cmocka_unit_test(diacritics_fold),
        cmocka_unit_test(arabic_and_persian_forms),
        cmocka_unit_test(cyrillic_apostrophes),
        cmocka_unit_test(prefix_as_typed),
        cmocka_unit_test(one_typo_forgiven_in_long_words),
        cmocka_unit_test(why_says_which_keyword),
        cmocka_unit_test(groups_hold_together),
        cmocka_unit_test(any_bytes_are_safe),
        cmocka_unit_test(no_query_text_on_disk),
        cmocka_unit_test(ranked_and_explained),
        cmocka_unit_test(words_across_need_and_service),
        cmocka_unit_test(typo_of_what_is_there),
        cmocka_unit_test(reimport_replaces_the_index),
    };
    return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
