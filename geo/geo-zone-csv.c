/* Zone CSV reader: "prefix,zone,site,role,owner[,sets]" lines (docs/geo.md), RFC 4180 quoting.
 * Input bytes are read only through sw_cursor; every field, line and the row count are capped. */
#include "geo-zone.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "util-cursor.h"

enum { COL_PREFIX = 0, COL_ZONE, COL_SITE, COL_ROLE, COL_OWNER, COL_SETS, COL_COUNT };

typedef struct csv_line {
    char field[COL_COUNT][GEO_ZONE_FIELD_MAX];
    size_t len[COL_COUNT];
    size_t n_fields;
    size_t bytes; /* raw bytes of the line, for the line cap */
} csv_line;

typedef struct csv_ctx {
    const char *name;
    unsigned line;
    sw_error *err;
} csv_ctx;

static sw_status csv_fail(const csv_ctx *cx, const char *key, const char *what)
{
    return sw_error_set(cx->err, SW_ERR_PARSE, cx->name, cx->line, key, "%s", what);
}

static sw_status field_append(const csv_ctx *cx, csv_line *ln, uint8_t byte)
{
    size_t f = ln->n_fields;
    if (byte < 0x20 || byte == 0x7f)
        return csv_fail(cx, NULL, "control character in a field");
    if (ln->len[f] + 1 >= GEO_ZONE_FIELD_MAX)
        return csv_fail(cx, NULL, "field longer than 127 bytes");
    ln->field[f][ln->len[f]++] = (char)byte;
    ln->field[f][ln->len[f]] = '\0';
    return SW_OK;
}

static sw_status field_next(const csv_ctx *cx, csv_line *ln)
{
    if (ln->n_fields + 1 >= COL_COUNT)
        return csv_fail(cx, NULL, "more than 6 fields (prefix,zone,site,role,owner,sets)");
    ln->n_fields++;
    return SW_OK;
}

/* Reads one line (up to and including '\n') into fields. A quoted field may hold commas and
 * doubled quotes (RFC 4180 section 2, rules 5-7) but not a line break: one record, one line. */
static sw_status csv_read_line(sw_cursor *c, const csv_ctx *cx, csv_line *ln)
{
    memset(ln, 0, sizeof(*ln));
    int quoted = 0, was_quoted = 0;
    sw_status st = SW_OK;
    while (st == SW_OK && sw_cur_has(c, 1)) {
        uint8_t b = sw_cur_u8(c);
        if (++ln->bytes > GEO_ZONE_LINE_MAX)
            return csv_fail(cx, NULL, "line longer than 4096 bytes");
        if (b == '\n')
            break;
        if (quoted) {
            if (b == '"' && sw_cur_peek_u8(c, 0) == '"')
                st = field_append(cx, ln, sw_cur_u8(c));
            else if (b == '"')
                quoted = 0;
            else
                st = field_append(cx, ln, b);
        } else if (b == '"' && ln->len[ln->n_fields] == 0 && !was_quoted) {
            quoted = was_quoted = 1;
        } else if (b == ',') {
            st = field_next(cx, ln);
            was_quoted = 0;
        } else if (b == '\r' && (!sw_cur_has(c, 1) || sw_cur_peek_u8(c, 0) == '\n')) {
            continue; /* CRLF line ends (RFC 4180 section 2, rule 1) */
        } else if (was_quoted) {
            return csv_fail(cx, NULL, "text after a closing quote");
        } else {
            st = field_append(cx, ln, b);
        }
    }
    if (st == SW_OK && quoted)
        return csv_fail(cx, NULL, "unterminated quoted field");
    ln->n_fields++;
    return st;
}

static void trim(char *s)
{
    size_t len = strlen(s), start = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        s[--len] = '\0';
    while (s[start] == ' ' || s[start] == '\t')
        start++;
    memmove(s, s + start, len - start + 1);
}

/* Strict UTF-8 (RFC 3629 section 4): MMDB strings are UTF-8 and readers reject anything else. */
static int utf8_valid(const char *s)
{
    sw_cursor c = sw_cur_init((const uint8_t *)s, strlen(s));
    while (sw_cur_has(&c, 1)) {
        uint8_t b = sw_cur_u8(&c);
        unsigned need = b < 0x80             ? 0
                        : (b & 0xe0) == 0xc0 ? 1
                        : (b & 0xf0) == 0xe0 ? 2
                        : (b & 0xf8) == 0xf0 ? 3
                                             : 9;
        if (need == 9 || (need == 1 && b < 0xc2) || (b > 0xf4))
            return 0;
        uint8_t first = sw_cur_peek_u8(&c, 0);
        if ((b == 0xe0 && first < 0xa0) || (b == 0xed && first > 0x9f) ||
            (b == 0xf0 && first < 0x90) || (b == 0xf4 && first > 0x8f))
            return 0; /* overlong forms, surrogates, above U+10FFFF */
        for (unsigned i = 0; i < need; i++)
            if (!sw_cur_has(&c, 1) || (sw_cur_u8(&c) & 0xc0) != 0x80)
                return 0;
    }
    return 1;
}

static int prefix_len_parse(const char *text, unsigned max, unsigned *out)
{
    unsigned v = 0;
    if (!text[0] || strlen(text) > 3)
        return 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (unsigned)(*p - '0');
    }
    *out = v;
    return v <= max;
}

static int host_bits_set(const uint8_t addr[16], unsigned len)
{
    for (unsigned bit = len; bit < 128; bit++)
        if (addr[bit / 8] & (0x80u >> (bit % 8)))
            return 1;
    return 0;
}

/* "a.b.c.d/n", "x:y::/n" or a bare address (a host prefix) into the 128-bit space. */
static sw_status prefix_parse(const csv_ctx *cx, const char *text, geo_zone_row *row)
{
    char addr[GEO_ZONE_FIELD_MAX];
    snprintf(addr, sizeof(addr), "%s", text);
    char *slash = strchr(addr, '/');
    if (slash)
        *slash = '\0';
    sw_ip ip;
    if (sw_ip_parse(&ip, addr) != SW_OK)
        return csv_fail(cx, "prefix", "not an IPv4 or IPv6 address");
    unsigned max = ip.family == 4 ? 32 : 128, len = max;
    if (slash && !prefix_len_parse(slash + 1, max, &len))
        return csv_fail(cx, "prefix",
                        ip.family == 4 ? "prefix length must be 0..32"
                                       : "prefix length must be 0..128");
    memset(row->addr, 0, sizeof(row->addr));
    if (ip.family == 4) {
        memcpy(row->addr + 12, ip.bytes, 4);
        row->len = 96 + len;
    } else {
        static const uint8_t zero[12];
        /* ::ffff:0:0/96 (RFC 4291 section 2.5.5.2) and ::/96 carry IPv4 in this database. */
        if (len >= 96 && memcmp(ip.bytes, zero, 10) == 0 &&
            ((ip.bytes[10] == 0xff && ip.bytes[11] == 0xff) || memcmp(ip.bytes, zero, 12) == 0))
            return csv_fail(cx, "prefix",
                            "IPv4-mapped or IPv4-compatible IPv6 prefix: write "
                            "it as IPv4");
        memcpy(row->addr, ip.bytes, 16);
        row->len = len;
    }
    if (host_bits_set(row->addr, row->len))
        return csv_fail(cx, "prefix", "host bits set below the prefix length (typo?)");
    return SW_OK;
}

/* The sets column: names separated by spaces or ';' (a comma would need quoting). */
static sw_status sets_parse(const csv_ctx *cx, char *text, uint32_t *sets)
{
    char *save = NULL;
    for (char *tok = strtok_r(text, " ;\t", &save); tok; tok = strtok_r(NULL, " ;\t", &save)) {
        int id = sw_geo_netset_from_name(tok);
        if (id < 0)
            return csv_fail(cx, "sets",
                            "unknown network set (infra, noc, aaa, nms, "
                            "file_servers, syslog, tunnel_peers, "
                            "erspan_collectors, edge_apps, own, smi_directors, "
                            "containers, loopback_ranges, loopbacks)");
        *sets |= 1u << id;
    }
    return SW_OK;
}

static sw_status row_from_line(const csv_ctx *cx, csv_line *ln, geo_zone_row *row)
{
    static const char *const keys[COL_COUNT] = {"prefix", "zone", "site", "role", "owner", "sets"};
    memset(row, 0, sizeof(*row));
    row->line = cx->line;
    if (ln->n_fields < COL_OWNER + 1)
        return csv_fail(cx, NULL, "expected prefix,zone,site,role,owner[,sets]");
    for (size_t f = 0; f < ln->n_fields; f++) {
        trim(ln->field[f]);
        if (!utf8_valid(ln->field[f]))
            return csv_fail(cx, keys[f], "not valid UTF-8");
    }
    sw_status st = prefix_parse(cx, ln->field[COL_PREFIX], row);
    if (st != SW_OK)
        return st;
    memcpy(row->zone, ln->field[COL_ZONE], GEO_ZONE_FIELD_MAX);
    memcpy(row->site, ln->field[COL_SITE], GEO_ZONE_FIELD_MAX);
    memcpy(row->role, ln->field[COL_ROLE], GEO_ZONE_FIELD_MAX);
    memcpy(row->owner, ln->field[COL_OWNER], GEO_ZONE_FIELD_MAX);
    int role_set = sw_geo_netset_from_name(row->role);
    if (role_set >= 0)
        row->sets |= 1u << role_set;
    if (ln->n_fields > COL_SETS)
        return sets_parse(cx, ln->field[COL_SETS], &row->sets);
    return SW_OK;
}

static sw_status list_push(const csv_ctx *cx, geo_zone_list *list, const geo_zone_row *row)
{
    if (list->n == list->cap) {
        if (list->cap >= GEO_ZONE_ROWS_MAX)
            return sw_error_set(cx->err, SW_ERR_LIMIT, cx->name, cx->line, NULL,
                                "more than %u prefixes", (unsigned)GEO_ZONE_ROWS_MAX);
        size_t cap = list->cap ? list->cap * 2 : 64;
        geo_zone_row *rows = realloc(list->rows, cap * sizeof(*rows));
        if (!rows)
            return sw_error_set(cx->err, SW_ERR_NOMEM, cx->name, cx->line, NULL, "out of memory");
        list->rows = rows;
        list->cap = cap;
    }
    list->rows[list->n++] = *row;
    return SW_OK;
}

static int line_is_blank_or_comment(const csv_line *ln)
{
    if (ln->n_fields == 1 && ln->len[0] == 0)
        return 1;
    const char *f = ln->field[0];
    while (*f == ' ' || *f == '\t')
        f++;
    return *f == '#' || (ln->n_fields == 1 && *f == '\0');
}

sw_status geo_zone_csv_parse(const uint8_t *data, size_t len, const char *name, geo_zone_list *out,
                             sw_error *err)
{
    sw_cursor c = sw_cur_init(data, len);
    csv_ctx cx = {name ? name : "<csv>", 0, err};
    csv_line *ln = malloc(sizeof(*ln));
    geo_zone_row row;
    if (!ln)
        return sw_error_set(err, SW_ERR_NOMEM, cx.name, 0, NULL, "out of memory");
    sw_status st = SW_OK;
    int header_seen = 0;
    while (st == SW_OK && sw_cur_has(&c, 1)) {
        cx.line++;
        st = csv_read_line(&c, &cx, ln);
        if (st != SW_OK || line_is_blank_or_comment(ln))
            continue;
        if (!header_seen++ && strcmp(ln->field[COL_PREFIX], "prefix") == 0)
            continue;
        st = row_from_line(&cx, ln, &row);
        if (st == SW_OK)
            st = list_push(&cx, out, &row);
    }
    free(ln);
    return st;
}

sw_status geo_zone_csv_load(const char *path, geo_zone_list *out, sw_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    sw_status st = SW_OK;
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0)
        st = sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot read (not a regular file?)");
    else if ((unsigned long)size > GEO_ZONE_FILE_MAX)
        st = sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL, "larger than %u MiB",
                          GEO_ZONE_FILE_MAX >> 20);
    uint8_t *buf = st == SW_OK ? malloc((size_t)size + 1) : NULL;
    if (st == SW_OK && !buf)
        st = sw_error_set(err, SW_ERR_NOMEM, path, 0, NULL, "out of memory");
    if (st == SW_OK && fread(buf, 1, (size_t)size, f) != (size_t)size)
        st = sw_error_set(err, SW_ERR_IO, path, 0, NULL, "short read");
    fclose(f);
    if (st == SW_OK)
        st = geo_zone_csv_parse(buf, (size_t)size, path, out, err);
    free(buf);
    return st;
}

void geo_zone_list_free(geo_zone_list *list)
{
    if (!list)
        return;
    free(list->rows);
    memset(list, 0, sizeof(*list));
}
