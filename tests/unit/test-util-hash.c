/* MD5 and SHA-256 against the published vectors: RFC 1321 appendix A.5 and the FIPS 180-4
 * examples (NIST "SHA256.pdf" example values, also RFC 6234 section 8.5). */
#include "sw-test.h"
#include "util-hash.h"

#include <string.h>

static void check_md5(const char *msg, const char *want)
{
    char hex[33];
    sw_md5_hex(msg, strlen(msg), hex);
    ck_assert_str_eq(hex, want);
}

static void check_sha256(const char *msg, const char *want)
{
    uint8_t d[SW_SHA256_LEN];
    char hex[65];
    sw_sha256(msg, strlen(msg), d);
    ck_assert_str_eq(sw_hex(d, sizeof(d), hex), want);
}

START_TEST(md5_rfc1321_suite)
{
    check_md5("", "d41d8cd98f00b204e9800998ecf8427e");
    check_md5("a", "0cc175b9c0f1b6a831c399e269772661");
    check_md5("abc", "900150983cd24fb0d6963f7d28e17f72");
    check_md5("message digest", "f96b697d7cb7938d525a2f31aaf161d0");
    check_md5("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b");
    check_md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
              "d174ab98d277d9f5a5611c2c9f419d9f");
    check_md5("1234567890123456789012345678901234567890123456789012345678901234567890123456"
              "7890",
              "57edf4a22be3c955ac49da2e2107b67a");
}
END_TEST

START_TEST(sha256_fips_vectors)
{
    check_sha256("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_sha256("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(sha256_million_a_in_chunks)
{
    /* FIPS 180-4 long message example; fed in odd-sized pieces to cross block boundaries. */
    char chunk[997];
    memset(chunk, 'a', sizeof(chunk));
    sw_sha256_ctx ctx;
    sw_sha256_init(&ctx);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
        sw_sha256_update(&ctx, chunk, n);
        left -= n;
    }
    uint8_t d[SW_SHA256_LEN];
    char hex[65];
    sw_sha256_final(&ctx, d);
    ck_assert_str_eq(sw_hex(d, sizeof(d), hex),
                     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(md5_padding_boundaries)
{
    /* 55, 56 and 64 bytes straddle the padding edge; values from coreutils md5sum. */
    char buf[65];
    memset(buf, 'a', sizeof(buf));
    char hex[33];
    sw_md5_hex(buf, 55, hex);
    ck_assert_str_eq(hex, "ef1772b6dff9a122358552954ad0df65");
    sw_md5_hex(buf, 56, hex);
    ck_assert_str_eq(hex, "3b0c8ac703f828b04c6c197006d17218");
    sw_md5_hex(buf, 64, hex);
    ck_assert_str_eq(hex, "014842d480b571495a4a0363793f7367");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util-hash");
    TCase *tc = tcase_create("digests");
    tcase_add_test(tc, md5_rfc1321_suite);
    tcase_add_test(tc, sha256_fips_vectors);
    tcase_add_test(tc, sha256_million_a_in_chunks);
    tcase_add_test(tc, md5_padding_boundaries);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
