/* ERSPAN (draft-foschiano-erspan-03): type I has no header, type II an 8-byte header with
 * version 1 (section 4.1), type III a 12-byte header with version 2 (section 4.2) followed by an
 * 8-byte platform-specific subheader when the O bit is set. A mirrored Ethernet frame follows. */
#include "decode-internal.h"

#define ERSPAN2_VERSION      1
#define ERSPAN3_VERSION      2
#define ERSPAN3_O_BIT        0x0001u
#define ERSPAN3_PLATFORM_LEN 8

static int erspan_header(sw_decode_ctx *ctx, int type, sw_cursor *c)
{
    uint8_t version = sw_cur_peek_u8(c, 0) >> 4;
    sw_cur_skip(c, type == 2 ? 8 : 10);
    uint16_t last = type == 3 ? sw_cur_be16(c) : 0;
    if (!c->err && (last & ERSPAN3_O_BIT))
        sw_cur_skip(c, ERSPAN3_PLATFORM_LEN);
    if (c->err) {
        sw_decode_raise(ctx, SW_DEV_ERSPAN_TRUNC);
        return 0;
    }
    if (version != (type == 2 ? ERSPAN2_VERSION : ERSPAN3_VERSION)) {
        sw_decode_raise(ctx, SW_DEV_ERSPAN_BAD_VERSION);
        return 0;
    }
    return 1;
}

void sw_decode_erspan(sw_decode_ctx *ctx, int type, sw_cursor c)
{
    if (type != 1 && !erspan_header(ctx, type, &c))
        return;
    ctx->st->erspan++;
    sw_decode_ethernet(ctx, sw_cur_rest(&c));
}
