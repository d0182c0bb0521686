/* sign.c: signing keys and detached signatures of bundles (see sign.h).
 *
 * Both files are a header line and then "NAME BASE64" lines in a fixed
 * order, read by read_fields(), which says which line is wrong and what it
 * should hold. The secret key never leaves this file's buffers, which are
 * wiped before they are freed.
 */
#include "frontdoor/sign.h"

#include "frontdoor/mem.h"
#include "frontdoor/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_MAX 4096 /* bytes in a key or signature file */

static const char KEY_HEADER[] = "frontdoor-signing-key 1";
static const char SIG_HEADER[] = "frontdoor-signature 1";

/* One "NAME BASE64" line and where its bytes go. */
struct field {
    const char *name;
    unsigned char *out;
    size_t size;
};

static size_t base64_len(size_t bytes)
{
    return sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_ORIGINAL) - 1;
}

/* Exactly `size` bytes from the Base64 text `s` of `len` characters. */
static int decode(const char *s, size_t len, unsigned char *out, size_t size)
{
    size_t got;
    const char *end;
    return len == base64_len(size) &&
                   sodium_base642bin(out, size, s, len, NULL, &got, &end,
                                     sodium_base64_VARIANT_ORIGINAL) == 0 &&
                   got == size && end == s + len
               ? 0
               : -1;
}

int sign_public_parse(const char *text, unsigned char key[SIGN_PUBLIC_BYTES])
{
    if (sodium_init() < 0)
        return -1;
    return decode(text, strlen(text), key, SIGN_PUBLIC_BYTES);
}

static void encode(const unsigned char *bytes, size_t size, char *out, size_t outlen)
{
    sodium_bin2base64(out, outlen, bytes, size, sodium_base64_VARIANT_ORIGINAL);
}

/* The end of the line at `s` without its newline (and a CR before it). */
static size_t line_len(const char *s)
{
    size_t n = strcspn(s, "\n");
    return n > 0 && s[n - 1] == '\r' ? n - 1 : n;
}

/* Reads the file `path` (`what` it is, for messages): `header`, then the
 * `n` fields in order, then nothing but empty lines. Returns 0, or -1 with
 * "PATH:LINE: message". */
static int read_fields(const char *path, const char *what, const char *header,
                       const struct field *f, int n, char *err, size_t errlen)
{
    char *text;
    size_t size;
    if (paths_read_regular(path, FILE_MAX, what, &text, &size, err, errlen) != 0)
        return -1;
    int rc = -1, line = 1;
    const char *s = text;
    if (strlen(text) != size) {
        xsnprintf(err, errlen, "%s: not %s: it holds a NUL byte", path, what);
        goto done;
    }
    if (line_len(s) != strlen(header) || strncmp(s, header, strlen(header)) != 0) {
        xsnprintf(err, errlen, "%s:1: not %s: expected \"%s\"", path, what, header);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        s += strcspn(s, "\n");
        s += *s == '\n';
        line++;
        size_t name = strlen(f[i].name), len = line_len(s);
        if (!*s || len <= name || strncmp(s, f[i].name, name) != 0 || s[name] != ' ' ||
            decode(s + name + 1, len - name - 1, f[i].out, f[i].size) != 0) {
            xsnprintf(err, errlen, "%s:%d: expected \"%s\" and %zu characters of Base64%s", path,
                      line, f[i].name, base64_len(f[i].size), *s ? "" : " (the file ends)");
            goto done;
        }
    }
    for (s += strcspn(s, "\n"); *s; s++) {
        if (*s == '\n')
            line++;
        else if (*s != '\r' && *s != ' ' && *s != '\t') {
            xsnprintf(err, errlen, "%s:%d: unexpected text after the %s", path, line,
                      f[n - 1].name);
            goto done;
        }
    }
    rc = 0;
done:
    sodium_memzero(text, size);
    free(text);
    return rc;
}

/* Writes `len` bytes to the new file `path` with `mode`, synced. With
 * O_EXCL in `flags`, never over an existing file. Returns 0, or -1 with
 * errno set; a file it could not finish is removed. */
static int write_new(const char *path, int flags, mode_t mode, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, mode);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(path);
        errno = saved ? saved : EIO;
        return -1;
    }
    return 0;
}

int sign_keygen(const char *key_path, char public_text[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        xsnprintf(err, errlen, "%s: libsodium could not start", key_path);
        return -1;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char sk_text[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES,
                                           sodium_base64_VARIANT_ORIGINAL)];
    char file[FILE_MAX];
    crypto_sign_keypair(pk, sk);
    encode(pk, sizeof pk, public_text, SIGN_PUBLIC_TEXT);
    encode(sk, sizeof sk, sk_text, sizeof sk_text);
    int len = xsnprintf(file, sizeof file, "%s\npublic %s\nsecret %s\n", KEY_HEADER, public_text,
                        sk_text);
    int rc = write_new(key_path, O_EXCL, 0600, file, (size_t)len);
    if (rc != 0) {
        if (errno == EEXIST)
            xsnprintf(err, errlen,
                      "%s: already exists; a signing key is never written over (move the old "
                      "one away first)",
                      key_path);
        else
            xsnprintf(err, errlen, "%s: cannot write: %s", key_path, strerror(errno));
    }
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(sk_text, sizeof sk_text);
    sodium_memzero(file, sizeof file);
    return rc;
}

int sign_write(const char *key_path, const void *data, size_t len, const char *sig_path,
               char public_text[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        xsnprintf(err, errlen, "%s: libsodium could not start", key_path);
        return -1;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    const struct field f[] = {{"public", pk, sizeof pk}, {"secret", sk, sizeof sk}};
    if (read_fields(key_path, "a signing key", KEY_HEADER, f, 2, err, errlen) != 0)
        return -1;
    int rc = -1;
    /* An Ed25519 secret key carries its public half: a key file whose two
     * lines disagree was edited or damaged. */
    if (sodium_memcmp(sk + crypto_sign_SECRETKEYBYTES - sizeof pk, pk, sizeof pk) != 0) {
        xsnprintf(err, errlen, "%s: damaged: its public and secret lines do not belong together",
                  key_path);
        goto wipe;
    }
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, data, len, sk);
    char sig_text[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    encode(pk, sizeof pk, public_text, SIGN_PUBLIC_TEXT);
    encode(sig, sizeof sig, sig_text, sizeof sig_text);
    char file[FILE_MAX], tmp[4200];
    int n = xsnprintf(file, sizeof file, "%s\nkey %s\nsignature %s\n", SIG_HEADER, public_text,
                      sig_text);
    if (xsnprintf(tmp, sizeof tmp, "%s.tmp", sig_path) >= (int)sizeof tmp) {
        xsnprintf(err, errlen, "%s: path too long", sig_path);
        goto wipe;
    }
    /* Whole or not at all: a half-written signature would refuse a good bundle. */
    if (write_new(tmp, O_TRUNC, 0644, file, (size_t)n) != 0) {
        xsnprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        goto wipe;
    }
    if (rename(tmp, sig_path) != 0) {
        xsnprintf(err, errlen, "%s: cannot write: %s", sig_path, strerror(errno));
        unlink(tmp);
        goto wipe;
    }
    rc = 0;
wipe:
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int sign_check(const char *name, const void *data, size_t len, const char *sig_path,
               const unsigned char (*trusted)[SIGN_PUBLIC_BYTES], int n_trusted,
               const char *trust_source, char signer[SIGN_PUBLIC_TEXT], char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        xsnprintf(err, errlen, "%s: libsodium could not start", name);
        return -1;
    }
    struct stat sb;
    if (stat(sig_path, &sb) != 0 && errno == ENOENT) {
        xsnprintf(err, errlen, "%s: not signed: there is no %s beside it", name, sig_path);
        return -1;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    const struct field f[] = {{"key", pk, sizeof pk}, {"signature", sig, sizeof sig}};
    if (read_fields(sig_path, "a signature", SIG_HEADER, f, 2, err, errlen) != 0)
        return -1;
    encode(pk, sizeof pk, signer, SIGN_PUBLIC_TEXT);
    if (n_trusted == 0) {
        xsnprintf(err, errlen,
                  "%s: trusts no signing key (add the signer's public key to trusted_keys in "
                  "[catalogue])",
                  trust_source);
        return -1;
    }
    int known = 0;
    for (int i = 0; i < n_trusted && !known; i++)
        known = sodium_memcmp(trusted[i], pk, sizeof pk) == 0;
    if (!known) {
        xsnprintf(err, errlen, "%s: signed with the key %s, which %s does not trust", name, signer,
                  trust_source);
        return -1;
    }
    if (crypto_sign_verify_detached(sig, data, len, pk) != 0) {
        xsnprintf(err, errlen,
                  "%s: does not match its signature %s: it was changed after signing, or the "
                  "signature is another bundle's",
                  name, sig_path);
        return -1;
    }
    return 0;
}
