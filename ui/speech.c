/* speech.c: espeak-ng on a worker thread of its own (see speech.h).
 *
 * The worker takes one job at a time: the latest text handed over. Each
 * job carries the generation it was asked in; speech_say() and
 * speech_stop() bump the generation, and espeak-ng's sample callback,
 * seeing an older one, returns 1, which ends the synthesis at once. To a
 * sound card the samples are queued as they come (SDL_QueueAudio), so
 * speech starts after the first few milliseconds of synthesis; to a WAV
 * file they are kept and written when the utterance is whole. */
#include "frontdoor/speech.h"

#include "frontdoor/mem.h"

#include <SDL.h>
#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 22050 /* espeak-ng's own voices */

/* Interface languages and their espeak-ng voices. */
static const struct {
    const char *lang, *voice;
} voices[] = {
    {"en", "en"}, {"fi", "fi"}, {"sv", "sv"}, {"da", "da"}, {"nb", "nb"},
    {"es", "es"}, {"ar", "ar"}, {"fa", "fa"}, {"uk", "uk"}, {"ru", "ru"},
};

struct speech {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    /* Under the lock: the job waiting and what the worker does. */
    char *text;   /* to say next, or NULL */
    size_t voice; /* in voices[] */
    int volume;
    unsigned generation; /* bumped by every say and stop */
    unsigned speaking;   /* the generation of the job being synthesised */
    int working;
    int quit;
    /* Set before the worker starts. */
    char *wav_path;
    SDL_AudioDeviceID dev;
    /* The worker's own: the utterance kept for the WAV file, and the
     * voices espeak-ng turned down, said once each. */
    int16_t *pcm;
    size_t n, cap;
    unsigned refused;
};

/* espeak-ng's state is the process's: one speech at a time. */
static int opened;

/* The index in voices[] of `lang`'s voice, or -1. */
static int voice_of(const char *lang)
{
    for (size_t i = 0; i < ARRAY_LEN(voices); i++) {
        if (strcmp(voices[i].lang, lang) == 0)
            return (int)i;
    }
    return -1;
}

int speech_has_voice(const char *lang)
{
    return voice_of(lang) >= 0;
}

/* 1 when the job being synthesised is no longer wanted. */
static int cut_off(struct speech *s)
{
    pthread_mutex_lock(&s->lock);
    int cut = s->generation != s->speaking || s->quit;
    pthread_mutex_unlock(&s->lock);
    return cut;
}

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    struct speech *s = events->user_data;
    if (cut_off(s))
        return 1;
    if (!wav || n <= 0)
        return 0;
    if (!s->wav_path) {
        SDL_QueueAudio(s->dev, wav, (Uint32)n * sizeof *wav);
        return 0;
    }
    if (s->n + (size_t)n > s->cap) {
        s->cap = (s->n + (size_t)n) * 2;
        s->pcm = xrealloc(s->pcm, s->cap * sizeof *s->pcm);
    }
    memcpy(s->pcm + s->n, wav, (size_t)n * sizeof *wav);
    s->n += (size_t)n;
    return 0;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* The utterance as a WAV file: 16-bit mono PCM, written whole and then
 * renamed into place. */
static void write_wav(const struct speech *s)
{
    unsigned char h[44];
    uint32_t data = (uint32_t)(s->n * 2);
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);       /* the fmt chunk's size */
    put_le(h + 20, 1, 2);        /* PCM */
    put_le(h + 22, 1, 2);        /* one channel */
    put_le(h + 24, RATE, 4);     /* samples a second */
    put_le(h + 28, RATE * 2, 4); /* bytes a second */
    put_le(h + 32, 2, 2);        /* bytes a sample */
    put_le(h + 34, 16, 2);       /* bits a sample */
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
    char tmp[4096];
    xsnprintf(tmp, sizeof tmp, "%s.tmp", s->wav_path);
    FILE *f = fopen(tmp, "wb");
    /* Samples are written as they lie in memory: little-endian machines. */
    int ok = f && fwrite(h, 1, sizeof h, f) == sizeof h && fwrite(s->pcm, 2, s->n, f) == s->n;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, s->wav_path) != 0) {
        fprintf(stderr, "frontdoor: speech: cannot write %s: %s\n", s->wav_path, strerror(errno));
        remove(tmp);
    }
}

static void say_now(struct speech *s, size_t voice, int volume, const char *text)
{
    s->n = 0;
    if (!s->wav_path)
        SDL_ClearQueuedAudio(s->dev); /* what an earlier job queued */
    if (espeak_ng_SetVoiceByName(voices[voice].voice) != ENS_OK) {
        if (!(s->refused & 1u << voice))
            fprintf(stderr, "frontdoor: speech: espeak-ng has no voice \"%s\"; %s is not read\n",
                    voices[voice].voice, voices[voice].lang);
        s->refused |= 1u << voice;
        return;
    }
    espeak_ng_SetParameter(espeakVOLUME, volume, 0);
    espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, s);
    if (cut_off(s)) {
        if (!s->wav_path)
            SDL_ClearQueuedAudio(s->dev);
        return;
    }
    if (s->wav_path)
        write_wav(s);
}

/* espeak-ng, started on the worker so that the kiosk's start never waits
 * for its data. Returns 1 when it is ready. */
static int start_espeak(void)
{
    espeak_ng_InitializePath(NULL);
    espeak_ng_STATUS st = espeak_ng_Initialize(NULL);
    if (st == ENS_OK)
        st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    if (st != ENS_OK) {
        char msg[256];
        espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
        fprintf(stderr, "frontdoor: speech: espeak-ng cannot start: %s; the kiosk stays silent\n",
                msg);
        return 0;
    }
    espeak_SetSynthCallback(on_samples);
    return 1;
}

static void *work(void *arg)
{
    struct speech *s = arg;
    int ready = start_espeak();
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->text && !s->quit)
            pthread_cond_wait(&s->cond, &s->lock);
        if (s->quit)
            break;
        char *text = s->text;
        size_t voice = s->voice;
        int volume = s->volume;
        s->text = NULL;
        s->speaking = s->generation;
        s->working = 1;
        pthread_mutex_unlock(&s->lock);
        if (ready)
            say_now(s, voice, volume, text);
        free(text);
        pthread_mutex_lock(&s->lock);
        s->working = 0;
        pthread_cond_broadcast(&s->cond);
    }
    pthread_mutex_unlock(&s->lock);
    if (ready)
        espeak_ng_Terminate();
    return NULL;
}

struct speech *speech_open(const char *wav_path, char *err, size_t errlen)
{
    if (opened) {
        xsnprintf(err, errlen, "speech is already open (espeak-ng serves one)");
        return NULL;
    }
    struct speech *s = xcalloc(1, sizeof *s);
    if (wav_path) {
        s->wav_path = xstrdup(wav_path);
    } else {
        SDL_AudioSpec want = {.freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
        s->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
        if (!s->dev) {
            xsnprintf(err, errlen, "no sound: %s", SDL_GetError());
            free(s);
            return NULL;
        }
        SDL_PauseAudioDevice(s->dev, 0);
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (pthread_create(&s->thread, NULL, work, s) != 0) {
        xsnprintf(err, errlen, "cannot start the speech thread");
        if (s->dev)
            SDL_CloseAudioDevice(s->dev);
        pthread_cond_destroy(&s->cond);
        pthread_mutex_destroy(&s->lock);
        free(s->wav_path);
        free(s);
        return NULL;
    }
    opened = 1;
    return s;
}

void speech_close(struct speech *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->quit = 1;
    s->generation++;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    if (s->dev)
        SDL_CloseAudioDevice(s->dev);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    free(s->text);
    free(s->pcm);
    free(s->wav_path);
    free(s);
    opened = 0;
}

int speech_say(struct speech *s, const char *lang, const char *text, int volume)
{
    int voice = voice_of(lang);
    if (voice < 0)
        return -1;
    pthread_mutex_lock(&s->lock);
    free(s->text);
    s->text = xstrdup(text);
    s->voice = (size_t)voice;
    s->volume = volume < 0 ? 0 : volume > SPEECH_VOLUME_MAX ? SPEECH_VOLUME_MAX : volume;
    s->generation++;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return 0;
}

void speech_stop(struct speech *s)
{
    pthread_mutex_lock(&s->lock);
    free(s->text);
    s->text = NULL;
    s->generation++;
    pthread_mutex_unlock(&s->lock);
    if (s->dev)
        SDL_ClearQueuedAudio(s->dev);
}

void speech_wait(struct speech *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->text || s->working)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
}
