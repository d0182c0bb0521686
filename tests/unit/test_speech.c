/* test_speech.c: real espeak-ng speech, written to WAV files instead of a
 * sound card, read back and measured. */
#include "test_util.h"

#include "frontdoor/speech.h"

#include <sys/stat.h>

static struct speech *sp;
static char wav[512];

/* Samples of the WAV file, after checking its header is what speech.h
 * promises (16-bit mono PCM at 22,050 Hz); *n gets their number. */
static int16_t *read_wav(size_t *n)
{
    size_t len;
    unsigned char *b = (unsigned char *)slurp(wav, &len);
    assert_true(len >= 44);
    assert_memory_equal(b, "RIFF", 4);
    assert_memory_equal(b + 8, "WAVEfmt ", 8);
    assert_int_equal(b[20] | b[21] << 8, 1); /* PCM */
    assert_int_equal(b[22] | b[23] << 8, 1); /* mono */
    assert_int_equal(b[24] | b[25] << 8 | b[26] << 16, 22050);
    assert_int_equal(b[34] | b[35] << 8, 16); /* bits */
    size_t data = (size_t)(b[40] | b[41] << 8 | b[42] << 16 | (size_t)b[43] << 24);
    assert_int_equal(data, len - 44);
    *n = data / 2;
    int16_t *s = xmalloc(data ? data : 1);
    memcpy(s, b + 44, data);
    free(b);
    return s;
}

static int peak(const int16_t *s, size_t n)
{
    int p = 0;
    for (size_t i = 0; i < n; i++)
        p = abs(s[i]) > p ? abs(s[i]) : p;
    return p;
}

static void say(const char *lang, const char *text, int volume)
{
    unlink(wav);
    assert_int_equal(speech_say(sp, lang, text, volume), 0);
    speech_wait(sp);
}

/* Each language's voice says its sentence: seconds of real sound, and
 * not the same sound in another language. */
static void test_languages(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *text;
    } lines[] = {
        {"en", "Find help and support near you."},
        {"fi", "Löydä apua ja tukea läheltäsi."},
        {"ar", "ابحث عن المساعدة والدعم بالقرب منك."},
        {"uk", "Знайдіть допомогу й підтримку поруч."},
    };
    size_t lengths[4];
    for (size_t i = 0; i < 4; i++) {
        say(lines[i].lang, lines[i].text, SPEECH_VOLUME_MAX);
        size_t n;
        int16_t *s = read_wav(&n);
        /* A short sentence: between one and eight seconds. */
        assert_true(n > 22050 && n < 8 * 22050);
        assert_true(peak(s, n) > 1000);
        lengths[i] = n;
        free(s);
    }
    assert_true(lengths[0] != lengths[1] && lengths[0] != lengths[2] && lengths[1] != lengths[3]);
    /* The same again is as long, give or take the few samples espeak-ng
     * varies by. */
    say("en", lines[0].text, SPEECH_VOLUME_MAX);
    size_t n;
    int16_t *again = read_wav(&n);
    assert_true(n * 100 > lengths[0] * 99 && n * 100 < lengths[0] * 101);
    free(again);
}

/* Somali and Tigrinya have no voice: nothing is said, nothing written. */
static void test_no_voice(void **state)
{
    (void)state;
    assert_true(speech_has_voice("en") && speech_has_voice("fa") && speech_has_voice("nb"));
    assert_false(speech_has_voice("so"));
    assert_false(speech_has_voice("ti"));
    unlink(wav);
    assert_int_equal(speech_say(sp, "so", "Ku soo dhawoow", SPEECH_VOLUME_MAX), -1);
    assert_int_equal(speech_say(sp, "ti", "እንቋዕ ብደሓን መጻእኩም", SPEECH_VOLUME_MAX), -1);
    speech_wait(sp);
    struct stat sb;
    assert_int_equal(stat(wav, &sb), -1);
}

/* Half the volume is a quieter sound of about the same length. */
static void test_volume(void **state)
{
    (void)state;
    const char *text = "Urgent help is on this screen.";
    say("en", text, SPEECH_VOLUME_MAX);
    size_t n_loud, n_soft;
    int16_t *loud = read_wav(&n_loud);
    say("en", text, SPEECH_VOLUME_MAX / 2);
    int16_t *soft = read_wav(&n_soft);
    assert_true(n_soft * 100 > n_loud * 99 && n_soft * 100 < n_loud * 101);
    assert_true(peak(soft, n_soft) < peak(loud, n_loud) * 3 / 4);
    free(loud);
    free(soft);
}

/* A stop cuts the utterance off: nothing of it is written. A say cuts off
 * the one before: only the last is heard. */
static void test_stop_and_cut(void **state)
{
    (void)state;
    char longer[4096];
    size_t at = 0;
    for (int i = 0; i < 40; i++)
        at += (size_t)xsnprintf(longer + at, sizeof longer - at, "%s",
                                "This sentence is long enough to be cut off before it ends. ");
    unlink(wav);
    assert_int_equal(speech_say(sp, "en", longer, SPEECH_VOLUME_MAX), 0);
    speech_stop(sp);
    speech_wait(sp);
    struct stat sb;
    assert_int_equal(stat(wav, &sb), -1);

    assert_int_equal(speech_say(sp, "en", longer, SPEECH_VOLUME_MAX), 0);
    assert_int_equal(speech_say(sp, "fi", "Hei.", SPEECH_VOLUME_MAX), 0);
    speech_wait(sp);
    size_t n;
    int16_t *s = read_wav(&n);
    assert_true(n < 3 * 22050); /* "Hei.", not forty long sentences */
    free(s);
}

static int setup(void **state)
{
    (void)state;
    xsnprintf(wav, sizeof wav, "%s/said.wav", tmpdir);
    char err[256];
    sp = speech_open(wav, err, sizeof err);
    if (!sp)
        fail_msg("speech_open: %s", err);
    /* One open at a time: espeak-ng's state is the process's. */
    assert_null(speech_open(wav, err, sizeof err));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    speech_close(sp);
    return 0;
}

int main(void)
{
    if (tmpdir_create("fd-speech") != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_no_voice),
        cmocka_unit_test(test_volume),
        cmocka_unit_test(test_stop_and_cut),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    char cmd[600];
    xsnprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? rc : 1;
}
