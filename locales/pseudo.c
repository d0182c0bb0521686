/* pseudo.c: the pseudo-locale's translator, run by msgfilter on each message.
 *
 * Reads one English message on stdin and writes it as the pseudo-locale
 * "qps" says it: every ASCII letter accented (a tester sees at once a string
 * that escaped translation), 40% longer (the room German or Finnish need),
 * between brackets (a cut end shows), and between left-to-right marks (zero
 * width characters must neither show as boxes nor move anything). printf
 * directives ("%s", "%2$d") pass through untouched.
 */
#include <stdio.h>
#include <string.h>

/* "a" to "z", then "A" to "Z": letters of Latin Extended that Noto Sans has. */
static const char *const lower[26] = {"á", "ƀ", "ç", "đ", "é", "ƒ", "ĝ", "ĥ", "í",
                                      "ĵ", "ķ", "ļ", "ɱ", "ñ", "ö", "þ", "ǫ", "ŕ",
                                      "š", "ţ", "ú", "ṽ", "ŵ", "ẋ", "ý", "ž"};
static const char *const upper[26] = {"Å", "Ɓ", "Ç", "Ð", "É", "Ƒ", "Ĝ", "Ĥ", "Í",
                                      "Ĵ", "Ķ", "Ļ", "Ṁ", "Ñ", "Ö", "Ƥ", "Ǫ", "Ŕ",
                                      "Š", "Ţ", "Ú", "Ṽ", "Ŵ", "Ẋ", "Ý", "Ž"};
/* Words added for length; several, so that a line can break between them. */
static const char *const filler[] = {"ļöŕéɱ", "íþšúɱ", "đöļöŕ", "šíţ", "áɱéţ", "çöñšéç"};

#define LRM "\u200e"

int main(void)
{
    static char in[65536];
    size_t len = fread(in, 1, sizeof in - 1, stdin);
    in[len] = '\0';
    if (ferror(stdin) || !feof(stdin)) {
        fputs("pseudo: cannot read the message (64 KiB at most)\n", stderr);
        return 1;
    }
    if (len == 0)
        return 0;

    size_t chars = 0; /* characters of the message, for the 40% */
    fputs(LRM "[", stdout);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '%') {
            /* A directive: %%, %s, %d, %2$s, %-3d ... up to its letter. */
            size_t j = i + 1;
            while (j < len && strchr("0123456789$-+ #.lhz", in[j]))
                j++;
            fwrite(in + i, 1, j < len ? j - i + 1 : j - i, stdout);
            i = j;
            chars += 2;
            continue;
        }
        if ((c & 0xc0) != 0x80)
            chars++;
        if (c >= 'a' && c <= 'z')
            fputs(lower[c - 'a'], stdout);
        else if (c >= 'A' && c <= 'Z')
            fputs(upper[c - 'A'], stdout);
        else
            putchar(c);
    }
    size_t added = 0, want = (chars * 2 + 4) / 5;
    for (size_t k = 0; added < want; k++) {
        const char *w = filler[k % (sizeof filler / sizeof filler[0])];
        printf(" %s", w);
        for (const char *p = w; *p; p++)
            added += ((unsigned char)*p & 0xc0) != 0x80;
        added++;
    }
    fputs("]" LRM, stdout);
    return ferror(stdout) ? 1 : 0;
}
