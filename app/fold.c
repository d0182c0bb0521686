/* fold.c: the folding of text for search, the part no library does.
 *
 * Search folds text twice, once by hand here and once by FTS5's unicode61
 * tokenizer with remove_diacritics 2, which lower-cases every script that
 * has case and takes the diacritics off Latin letters (hätä, Åbo). What
 * the tokenizer does not know is done here, before it sees the text:
 *
 * - Arabic and Persian: vowel marks (harakat) and tatweel are dropped (the
 *   tokenizer would split a word at each mark), the alef forms become a
 *   bare alef, the yeh forms one yeh, the two kafs one kaf, teh marbuta
 *   heh, and Arabic-Indic and Persian digits ASCII digits.
 * - The zero-width non-joiner and the other invisible format characters
 *   are dropped, so a Persian word matches typed with or without one.
 * - An apostrophe (' U+2019 U+02BC U+2018) between two letters is dropped,
 *   so Ukrainian пам'ять is one word however the apostrophe was typed;
 *   elsewhere it is a space. ё is е, as Russian readers type it.
 * - Combining marks of Latin and Cyrillic are dropped, so decomposed text
 *   (a + U+0308) folds like precomposed ä.
 * - Invalid UTF-8 and control characters become spaces.
 *
 * The same function folds the catalogue when the index is built and the
 * query when it is searched, so the two always agree.
 */
#include "search_priv.h"

#include "frontdoor/search.h"
#include "frontdoor/utf8.h"

#include <string.h>

enum { DROP = 0, SPACE = ' ' };

static int is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018;
}

/* Whether c can be part of a word, roughly as the tokenizer sees it: ASCII
 * letters and digits, and any character beyond ASCII that fold_char keeps
 * and that is not a space or a punctuation mark of the common blocks. */
static int is_wordish(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return !(c <= 0xBF || (c >= 0x2000 && c <= 0x206F) || c == 0x060C || c == 0x061F ||
             c == 0x066A || c == 0x066B || c == 0x066C || c == 0x06D4 ||
             (c >= 0x1360 && c <= 0x1368) || c == 0x3000);
}

/* The folded form of one character: itself, another, DROP or SPACE. */
static uint32_t fold_char(uint32_t c)
{
    if (c == UTF8_INVALID || c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return SPACE;
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489))
        return DROP; /* combining marks of Latin and Cyrillic */
    switch (c) {
    case 0x00AD: /* soft hyphen */
    case 0x061C: /* Arabic letter mark */
    case 0x0640: /* tatweel */
    case 0x200B: /* zero width space: inside a word, as typed by some keyboards */
    case 0x200C: /* zero width non-joiner */
    case 0x200D: /* zero width joiner */
    case 0x200E:
    case 0x200F: /* direction marks */
    case 0xFEFF: /* byte order mark */
        return DROP;
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
    case 0x0672:
    case 0x0673:
        return 0x0627; /* alef with madda, hamza above or below, wasla: bare alef */
    case 0x0649:
    case 0x06CC:
        return 0x064A; /* alef maksura, Farsi yeh: Arabic yeh */
    case 0x06A9:
        return 0x0643; /* keheh (Persian kaf): Arabic kaf */
    case 0x0629:
    case 0x06C0:
        return 0x0647; /* teh marbuta, heh with yeh above: heh */
    case 0x0451:
        return 0x0435; /* ё: е */
    case 0x0401:
        return 0x0415; /* Ё: Е */
    default:
        break;
    }
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return DROP; /* bidi embeddings and isolates */
    if ((c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
        (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E8) ||
        (c >= 0x06EA && c <= 0x06ED))
        return DROP; /* harakat and Quranic marks */
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    return c;
}

size_t search_fold_map(const char *in, size_t len, char *out, size_t size, uint32_t *map)
{
    if (size == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0, i = 0;
    uint32_t prev = ' '; /* the last character written */
    while (i < len) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        uint32_t f = fold_char(c);
        if (c != UTF8_INVALID && is_apostrophe(c)) {
            uint32_t next = ' ';
            /* Marks between the apostrophe and the next letter do not
             * count: look past what would be dropped. */
            for (size_t j = i + n; j < len;) {
                size_t m = utf8_decode(s + j, len - j, &next);
                next = fold_char(next);
                if (next != DROP)
                    break;
                next = ' ';
                j += m;
            }
            f = is_wordish(prev) && is_wordish(next) ? DROP : SPACE;
        }
        if (f != DROP) {
            char buf[4];
            size_t k = utf8_encode(f, buf);
            if (o + k >= size)
                break;
            for (size_t b = 0; b < k; b++) {
                if (map)
                    map[o] = (uint32_t)i;
                out[o++] = buf[b];
            }
            prev = f;
        }
        i += n;
    }
    if (map)
        map[o] = (uint32_t)i;
    out[o] = '\0';
    return o;
}

size_t search_fold(const char *in, char *out, size_t size)
{
    return search_fold_map(in, in ? strlen(in) : 0, out, size, NULL);
}
