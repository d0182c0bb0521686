/* signature.c: libFuzzer target for the check of a bundle's signature.
 *
 * An input is a signature file, a NUL byte, then the bundle it is meant to
 * sign (no NUL: all signature, an empty bundle). The signature file is
 * handed to sign_check() as a file, as a kiosk reads BUNDLE.sig from a USB
 * stick: through a memfd, a regular file that lives in memory. One key is
 * trusted, that of the seed corpus (tests/fuzz/signature-seeds). Whatever
 * the bytes, sign_check must answer yes or no with a reason, never crash;
 * and it may say yes only to a signature that libsodium accepts itself for
 * that key and those bytes.
 */
#define _GNU_SOURCE
#include "frontdoor/sign.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The seeds' signing key, public half. */
static const char TRUSTED[] = "FICaDKK2l0plIUOvzO7SvccnijWxDfzj2TOZVUjDSq0=";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char trusted[1][SIGN_PUBLIC_BYTES];
    static int ready;
    if (!ready) {
        if (sodium_init() < 0 || sign_public_parse(TRUSTED, trusted[0]) != 0)
            abort();
        ready = 1;
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t sig_len = nul ? (size_t)(nul - data) : size;
    const uint8_t *bundle = nul ? nul + 1 : data + size;
    size_t bundle_len = (size_t)(data + size - bundle);

    int fd = memfd_create("bundle.sig", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, sig_len) != (ssize_t)sig_len)
        abort();
    char path[64], signer[SIGN_PUBLIC_TEXT], err[1024] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int rc = sign_check("bundle", bundle, bundle_len, path,
                        (const unsigned char(*)[SIGN_PUBLIC_BYTES])trusted, 1, "fuzz.conf", signer,
                        err, sizeof err);
    close(fd);
    if (rc != 0 && err[0] == '\0')
        abort(); /* refused without saying why */
    if (rc == 0) {
        /* Yes only for the trusted key and a signature over these bytes. */
        if (strcmp(signer, TRUSTED) != 0)
            abort();
        const uint8_t *line = memmem(data, sig_len, "\nsignature ", 11);
        unsigned char sig[crypto_sign_BYTES];
        size_t got;
        if (!line || (size_t)(data + sig_len - line) < 11 + 88 ||
            sodium_base642bin(sig, sizeof sig, (const char *)line + 11, 88, NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            crypto_sign_verify_detached(sig, bundle, bundle_len, trusted[0]) != 0)
            abort();
    }
    return 0;
}
