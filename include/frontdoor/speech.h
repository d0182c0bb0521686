/* speech.h: the kiosk's voice, espeak-ng off the UI thread.
 *
 * One worker thread owns espeak-ng (whose state is global): speech_say()
 * hands it a text in an interface language and returns at once; a newer
 * speech_say() or speech_stop() cuts off the one being spoken, so any
 * action of the person's can stop speech and no frame ever waits for it.
 * The samples (16-bit mono at espeak-ng's rate) go to SDL's audio device,
 * or, where there is no sound card, to a WAV file, one file an utterance:
 * tests listen there.
 *
 * Somali and Tigrinya have no espeak-ng voice (see speech_has_voice); the
 * kiosk says so in their own words and offers another language's voice.
 */
#ifndef FRONTDOOR_SPEECH_H
#define FRONTDOOR_SPEECH_H

#include <stddef.h>

#define SPEECH_VOLUME_MAX 100

struct speech;

/* 1 when espeak-ng has a voice for interface language `lang`. */
int speech_has_voice(const char *lang);

/* Starts the worker. With `wav_path`, each utterance replaces that file
 * (written whole, then renamed into place) instead of playing; otherwise
 * it plays on SDL's default audio device (the audio subsystem must be
 * initialised). espeak-ng itself starts on the worker: a failure there is
 * said once on standard error and the kiosk goes on silent. Returns NULL
 * with the reason in `err` when there can be no speech at all. */
struct speech *speech_open(const char *wav_path, char *err, size_t errlen);
/* Stops what is spoken and the worker. NULL does nothing. */
void speech_close(struct speech *s);

/* Speaks `text` in `lang` at `volume` (0 to SPEECH_VOLUME_MAX), cutting
 * off what is spoken now. Returns 0, or -1 when `lang` has no voice
 * (nothing is said, what was spoken goes on). */
int speech_say(struct speech *s, const char *lang, const char *text, int volume);
/* Cuts off what is spoken, and what was to be. */
void speech_stop(struct speech *s);
/* Waits until the worker has nothing left to synthesise (to a WAV file:
 * until it is written). */
void speech_wait(struct speech *s);

#endif
