/*
 * sha256.c - SHA-256 for document and pack digests, through OpenSSL's
 * libcrypto, whose assembly uses the CPU's SHA extensions where it has
 * them (several times faster than portable C; every review hashes its
 * whole input).
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

#include "core/core.h"

/* The digest is fetched from OpenSSL's provider once: EVP_sha256() makes
 * every init look it up again, under a lock the workers share. */
static EVP_MD        *sha256_fetched;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *
sha256_md(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	return sha256_fetched ? sha256_fetched : EVP_sha256();
}

rl_err
rl__sha256_init(rl_sha256 *c)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	c->ctx    = ctx;
	c->failed = false;
	if (!ctx || EVP_DigestInit_ex(ctx, sha256_md(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		c->ctx    = NULL;
		c->failed = true;
		return RL_ENOMEM;
	}
	return RL_OK;
}

void
rl__sha256_update(rl_sha256 *c, const void *data, size_t len)
{
	if (c->failed || !len)
		return;
	if (EVP_DigestUpdate(c->ctx, data, len) != 1)
		c->failed = true;
}

rl_err
rl__sha256_final(rl_sha256 *c, uint8_t out[32])
{
	bool ok =
	    !c->failed && c->ctx && EVP_DigestFinal_ex(c->ctx, out, NULL) == 1;

	rl__sha256_discard(c);
	if (ok)
		return RL_OK;
	memset(out, 0, 32);
	return RL_ENOMEM;
}

void
rl__sha256_discard(rl_sha256 *c)
{
	EVP_MD_CTX_free(c->ctx);
	c->ctx    = NULL;
	c->failed = true;
}

int
rl__hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
rl__hex(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t            i;

	for (i = 0; i < n; i++) {
		out[2 * i]     = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

rl_err
rl__sha256_hex(const void *data, size_t len, char out[65])
{
	uint8_t d[32];

	if (EVP_Digest(len ? data : "", len, d, NULL, sha256_md(), NULL) != 1) {
		out[0] = '\0';
		return RL_ENOMEM;
	}
	rl__hex(d, sizeof d, out);
	return RL_OK;
}
