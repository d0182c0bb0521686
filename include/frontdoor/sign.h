/* sign.h: signed catalogue bundles (Ed25519, libsodium).
 *
 * The team that keeps a city's catalogue makes a signing key once
 * (frontdoor-admin keygen), signs each bundle it sends (frontdoor-admin
 * sign: a detached signature in BUNDLE.sig beside it), and lists the key's
 * public half in each kiosk's configuration ([catalogue] trusted_keys). A
 * bundle is taken only when its signature is by a trusted key and over
 * exactly the bytes that are imported, so nobody can slip a fake service or
 * a changed refuge number onto a kiosk with a USB stick.
 *
 * Both files are text, one field a line, Base64 in the standard alphabet
 * with padding (a public key is 44 characters):
 *
 *     KEYFILE (mode 0600)            BUNDLE.sig
 *     frontdoor-signing-key 1        frontdoor-signature 1
 *     public BASE64                  key BASE64
 *     secret BASE64                  signature BASE64
 *
 * The signature is plain Ed25519 over the bundle's bytes, so any Ed25519
 * tool can check it too.
 */
#ifndef FRONTDOOR_SIGN_H
#define FRONTDOOR_SIGN_H

#include <stddef.h>

#define SIGN_PUBLIC_BYTES 32
#define SIGN_PUBLIC_TEXT 45 /* a public key in Base64, with its NUL */
#define SIGN_SUFFIX ".sig"  /* the signature's file: the bundle's name and this */

/* Reads a public key written in Base64 (44 characters). Returns 0, or -1. */
int sign_public_parse(const char *text, unsigned char key[SIGN_PUBLIC_BYTES])
    __attribute__((warn_unused_result));

/* Makes a signing key in the new file `key_path` (never over an existing
 * one) and writes its public half into `public_text`. Returns 0, or -1 with
 * "PATH: message" in `err`. */
int sign_keygen(const char *key_path, char public_text[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Signs the `len` bytes at `data` with the key in `key_path` into the file
 * `sig_path` (replacing it whole, or leaving it as it was). `public_text`
 * gets the key's public half. Returns 0, or -1 with "PATH: message". */
int sign_write(const char *key_path, const void *data, size_t len, const char *sig_path,
               char public_text[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Checks that `sig_path` holds a signature over the `len` bytes at `data`
 * (the file `name`) by one of the `n_trusted` keys, which `trust_source`
 * (the configuration's path) lists. Returns 0 with the signer's public key
 * in `signer`; or -1 with why not in `err`: no signature, a damaged one, a
 * key `trust_source` does not trust, or a bundle changed after signing. */
int sign_check(const char *name, const void *data, size_t len, const char *sig_path,
               const unsigned char (*trusted)[SIGN_PUBLIC_BYTES], int n_trusted,
               const char *trust_source, char signer[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
