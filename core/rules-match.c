/* Payload keyword evaluation on one buffer, with Suricata's semantics (user guide, "Payload
 * Keywords"): absolute content positions (offset, depth, startswith, endswith), positions relative
 * to the previous match (distance, within, pcre /R, relative byte_test/isdataat), and
 * backtracking: when a relative item fails, the previous content is retried at its next
 * occurrence. A step budget bounds the work on hostile input. */
#include "rules-int.h"

#include "util-cursor.h"

#include <ctype.h>
#include <string.h>

typedef struct match_run {
    rule_match_ctx *ctx;
    const sw_rule *rule;
    const uint8_t *data;
    size_t len;
    sw_cursor cur; /* over the whole buffer; read with sw_cur_peek_u8 */
    size_t idx[RULE_MAX_ITEMS];
    size_t n;
} match_run;

static int items_from(match_run *m, size_t k, size_t prev_end);

static int equal_at(match_run *m, const rule_item *it, size_t pos)
{
    for (size_t j = 0; j < it->len; j++) {
        uint8_t b = sw_cur_peek_u8(&m->cur, pos + j);
        uint8_t c = it->bytes[j];
        if (b != c && !(it->nocase && tolower(b) == tolower(c)))
            return 0;
    }
    return 1;
}

/* The search window [*start, *end) of a content, or 0 when it is empty. */
static int content_window(const match_run *m, const rule_item *it, size_t prev_end, size_t *start,
                          size_t *end)
{
    long long s = 0, e = (long long)m->len;
    if (it->relative) {
        s = (long long)prev_end + (it->has_distance ? it->distance : 0);
        if (it->has_within)
            e = s + it->within;
        if (s < 0)
            s = 0;
    } else {
        if (it->has_offset)
            s = it->offset;
        if (it->has_depth)
            e = s + it->depth;
        if (it->startswith)
            e = (long long)it->len;
    }
    if (e > (long long)m->len)
        e = (long long)m->len;
    if (it->endswith)
        s = s > (long long)m->len - (long long)it->len ? s : (long long)m->len - (long long)it->len;
    if (e - s < (long long)it->len)
        return 0;
    *start = (size_t)s;
    *end = (size_t)e;
    return 1;
}

static int next_is_relative(const match_run *m, size_t k)
{
    return k + 1 < m->n && m->rule->items[m->idx[k + 1]].relative;
}

static int match_content(match_run *m, size_t k, size_t prev_end)
{
    const rule_item *it = &m->rule->items[m->idx[k]];
    size_t start, end;
    int any = content_window(m, it, prev_end, &start, &end);
    for (size_t pos = start; any && pos + it->len <= end; pos++) {
        if (m->ctx->budget == 0) {
            m->ctx->budget_exhausted++;
            return 0;
        }
        m->ctx->budget--;
        if (!equal_at(m, it, pos))
            continue;
        if (it->negated)
            return 0;
        if (items_from(m, k + 1, pos + it->len))
            return 1;
        if (!next_is_relative(m, k))
            return 0; /* later items do not depend on where this one matched */
    }
    return it->negated ? items_from(m, k + 1, prev_end) : 0;
}

static int match_pcre(match_run *m, size_t k, size_t prev_end)
{
    const rule_item *it = &m->rule->items[m->idx[k]];
    size_t from = it->relative ? prev_end : 0;
    sw_cursor sub = sw_cur_init(m->data, m->len);
    if (from > m->len || !sw_cur_skip(&sub, from))
        return it->negated ? items_from(m, k + 1, prev_end) : 0;
    const uint8_t *subject = sw_cur_ptr(&sub);
    static const uint8_t empty[1] = {0};
    int rc = pcre2_match(it->re, subject ? subject : empty, sw_cur_left(&sub), 0, 0, m->ctx->md,
                         m->ctx->mctx);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
        m->ctx->budget_exhausted++;
    if (rc < 0)
        return it->negated ? items_from(m, k + 1, prev_end) : 0;
    if (it->negated)
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->ctx->md);
    return items_from(m, k + 1, from + ov[1]);
}

/* Reads byte_test's number: binary big/little endian, or ASCII digits in the given base. */
static int byte_test_value(match_run *m, const rule_item *it, size_t pos, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t j = 0; j < it->bt_nbytes; j++) {
        uint8_t b = sw_cur_peek_u8(&m->cur, pos + j);
        if (!it->bt_string) {
            v = it->bt_little ? v | ((uint64_t)b << (8 * j)) : (v << 8) | b;
            continue;
        }
        int d = isdigit(b) ? b - '0' : isxdigit(b) ? tolower(b) - 'a' + 10 : 99;
        if (d >= it->bt_base)
            return 0;
        v = v * it->bt_base + (uint64_t)d;
    }
    *out = v;
    return 1;
}

static int match_byte_test(match_run *m, size_t k, size_t prev_end)
{
    const rule_item *it = &m->rule->items[m->idx[k]];
    long long pos = (it->relative ? (long long)prev_end : 0) + it->at_offset;
    uint64_t v;
    if (pos < 0 || pos + it->bt_nbytes > (long long)m->len ||
        !byte_test_value(m, it, (size_t)pos, &v))
        return 0;
    int ok;
    switch (it->bt_op_) {
    case BT_LT:
        ok = v < it->bt_value;
        break;
    case BT_GT:
        ok = v > it->bt_value;
        break;
    case BT_LE:
        ok = v <= it->bt_value;
        break;
    case BT_GE:
        ok = v >= it->bt_value;
        break;
    case BT_EQ:
        ok = v == it->bt_value;
        break;
    case BT_AND:
        ok = (v & it->bt_value) != 0;
        break;
    default:
        ok = (v | it->bt_value) != 0;
        break;
    }
    if (it->bt_not)
        ok = !ok;
    return ok && items_from(m, k + 1, prev_end);
}

static int items_from(match_run *m, size_t k, size_t prev_end)
{
    if (k == m->n)
        return 1;
    const rule_item *it = &m->rule->items[m->idx[k]];
    switch (it->kind) {
    case IK_CONTENT:
        return match_content(m, k, prev_end);
    case IK_PCRE:
        return match_pcre(m, k, prev_end);
    case IK_BYTE_TEST:
        return match_byte_test(m, k, prev_end);
    default: {
        long long pos = (it->relative ? (long long)prev_end : 0) + it->at_offset;
        int has = pos >= 0 && pos < (long long)m->len;
        return has != it->negated && items_from(m, k + 1, prev_end);
    }
    }
}

int rules_match_buffer(rule_match_ctx *ctx, const sw_rule *r, rule_buf buf, const uint8_t *data,
                       size_t len)
{
    match_run m = {.ctx = ctx, .rule = r, .data = data, .len = len};
    m.cur = sw_cur_init(data, len);
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i].buf == buf)
            m.idx[m.n++] = i;
    return items_from(&m, 0, 0);
}
