/* Unit tests for the correlator's ordered merge (sensor/workers-merge.h). The expected order is
 * the contract of workers-merge.h, written down independently here: the dispatcher's items and
 * the workers' records sorted by (sequence number, rank), rank 0 for the dispatcher and 1 + i
 * for worker i, each worker's records in the order it made them. */
#include "sw-test.h"
#include "workers-merge.h"

#include <string.h>

static sw_merge_source head(uint64_t seq, uint64_t done)
{
    return (sw_merge_source){1, seq, done, 0};
}

static sw_merge_source empty(uint64_t done, int idle)
{
    return (sw_merge_source){0, 0, done, idle};
}

START_TEST(nothing_queued_waits)
{
    sw_merge_source src[2] = {empty(3, 1), empty(0, 0)};
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), SW_MERGE_WAIT);
}
END_TEST

/* Worker 1 has not reached seq 4 yet: it may still forward a record of seq 4 < 5. */
START_TEST(a_lagging_worker_holds_back_later_records)
{
    sw_merge_source src[2] = {head(5, 5), empty(3, 0)};
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), SW_MERGE_WAIT);
    src[1].done = 4; /* now its next record is of seq 5 at least, after worker 0's */
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), 0);
}
END_TEST

/* Of one broadcast message (a tick, the end of input), worker 0's records come first. */
START_TEST(same_sequence_goes_by_worker_index)
{
    sw_merge_source src[2] = {empty(4, 0), head(5, 5)};
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), SW_MERGE_WAIT);
    src[0].done = 5;
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), 1);
    sw_merge_source both[2] = {head(5, 5), head(5, 5)};
    ck_assert_int_eq(sw_merge_next(both, 2, 0, 0), 0);
}
END_TEST

/* An idle worker (everything sent to it is processed) blocks nothing, however old its mark. */
START_TEST(an_idle_worker_blocks_nothing)
{
    sw_merge_source src[3] = {empty(1, 1), head(9, 9), empty(2, 1)};
    ck_assert_int_eq(sw_merge_next(src, 3, 0, 0), 1);
}
END_TEST

START_TEST(the_smallest_head_goes_first)
{
    sw_merge_source src[3] = {head(7, 8), head(6, 6), head(12, 12)};
    ck_assert_int_eq(sw_merge_next(src, 3, 0, 0), 1);
}
END_TEST

/* The dispatcher's tick for packet 5 comes before packet 5's records, after seq 4's. */
START_TEST(own_tick_precedes_its_packet)
{
    sw_merge_source src[2] = {head(5, 5), empty(4, 0)};
    ck_assert_int_eq(sw_merge_next(src, 2, 1, 5), 2);
    sw_merge_source late[2] = {head(4, 4), empty(3, 0)};
    ck_assert_int_eq(sw_merge_next(late, 2, 1, 5), 0);
    sw_merge_source lag[2] = {empty(5, 1), empty(3, 0)};
    ck_assert_int_eq(sw_merge_next(lag, 2, 1, 5), SW_MERGE_WAIT);
}
END_TEST

/* End of input: every worker processed the end message and has nothing queued. */
START_TEST(end_of_input_releases_the_rest)
{
    sw_merge_source src[2] = {empty(40, 1), empty(40, 1)};
    ck_assert_int_eq(sw_merge_next(src, 2, 1, 41), 2);
    ck_assert_int_eq(sw_merge_next(src, 2, 0, 0), SW_MERGE_WAIT);
}
END_TEST

/* --- A simulated run: random message placement and random worker progress. --- */

#define SIM_MSGS    400
#define SIM_WORKERS 3
#define SIM_MAX     (SIM_MSGS * SIM_WORKERS * 2 + SIM_MSGS)

typedef struct sim_item {
    uint64_t seq, rank, serial; /* serial: order of making within its source */
} sim_item;

static uint32_t lcg(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static int item_before(const sim_item *a, const sim_item *b)
{
    if (a->seq != b->seq)
        return a->seq < b->seq;
    if (a->rank != b->rank)
        return a->rank < b->rank;
    return a->serial < b->serial;
}

typedef struct sim {
    int target[SIM_MSGS + 1]; /* worker of message seq, -1 broadcast */
    int own_tick[SIM_MSGS + 1];
    uint64_t next_msg[SIM_WORKERS], last_sent[SIM_WORKERS], done[SIM_WORKERS];
    sim_item queue[SIM_WORKERS][SIM_MSGS * 2];
    size_t q_head[SIM_WORKERS], q_len[SIM_WORKERS];
    uint64_t serial;
    sim_item out[SIM_MAX];
    size_t n_out;
    uint64_t next_own;
} sim;

static void sim_setup(sim *s, uint32_t *rng)
{
    memset(s, 0, sizeof(*s));
    for (uint64_t q = 1; q <= SIM_MSGS; q++) {
        s->target[q] = lcg(rng) % 10 == 0 ? -1 : (int)(lcg(rng) % SIM_WORKERS);
        s->own_tick[q] = lcg(rng) % 7 == 0;
        for (int w = 0; w < SIM_WORKERS; w++)
            if (s->target[q] < 0 || s->target[q] == w)
                s->last_sent[w] = q;
    }
    for (int w = 0; w < SIM_WORKERS; w++)
        s->next_msg[w] = 1;
    s->next_own = 1;
}

/* Worker w processes its next message: 0, 1 or 2 records, then its watermark moves. */
static int sim_work(sim *s, int w, uint32_t *rng)
{
    uint64_t q = s->next_msg[w];
    while (q <= SIM_MSGS && s->target[q] >= 0 && s->target[q] != w)
        q++;
    if (q > SIM_MSGS)
        return 0;
    for (uint32_t k = lcg(rng) % 3; k > 0; k--)
        s->queue[w][s->q_head[w] + s->q_len[w]++] = (sim_item){q, 1 + (uint64_t)w, s->serial++};
    s->done[w] = q;
    s->next_msg[w] = q + 1;
    return 1;
}

/* Skips the packets that get no tick: next_own is then the next tick, or past the end. */
static void sim_next_own(sim *s)
{
    while (s->next_own <= SIM_MSGS && !s->own_tick[s->next_own])
        s->next_own++;
}

/* One merge step; 1 when an item was taken. */
static int sim_take(sim *s)
{
    sw_merge_source src[SIM_WORKERS];
    for (int w = 0; w < SIM_WORKERS; w++) {
        src[w].done = s->done[w];
        src[w].idle = s->done[w] == s->last_sent[w];
        src[w].has_head = s->q_len[w] > 0;
        src[w].head_seq = s->q_len[w] ? s->queue[w][s->q_head[w]].seq : 0;
    }
    int has_own = s->next_own <= SIM_MSGS;
    int next = sw_merge_next(src, SIM_WORKERS, has_own, has_own ? s->next_own : 0);
    if (next == SW_MERGE_WAIT)
        return 0;
    if (next == SIM_WORKERS) {
        s->out[s->n_out++] = (sim_item){s->next_own++, 0, 0};
        sim_next_own(s);
    } else {
        s->out[s->n_out++] = s->queue[next][s->q_head[next]++];
        s->q_len[next]--;
    }
    return 1;
}

START_TEST(simulated_runs_come_out_in_dispatcher_order)
{
    static sim s;
    uint32_t rng = 12345u + (uint32_t)_i;
    sim_setup(&s, &rng);
    sim_next_own(&s);
    for (;;) {
        int progressed = 0;
        for (unsigned steps = lcg(&rng) % 4; steps > 0; steps--)
            progressed |= sim_work(&s, (int)(lcg(&rng) % SIM_WORKERS), &rng);
        while (lcg(&rng) % 3 != 0 && sim_take(&s))
            progressed = 1;
        int busy = 0;
        for (int w = 0; w < SIM_WORKERS; w++)
            busy |= s.done[w] != s.last_sent[w] || s.q_len[w] > 0;
        if (!busy && s.next_own > SIM_MSGS)
            break;
        if (!progressed) { /* nobody moved by chance: let every worker and the merge try */
            for (int w = 0; w < SIM_WORKERS; w++)
                progressed |= sim_work(&s, w, &rng);
            progressed |= sim_take(&s);
            ck_assert_msg(progressed, "the merge waits although every worker is done");
        }
    }
    ck_assert_uint_gt(s.n_out, SIM_MSGS / 2);
    for (size_t i = 1; i < s.n_out; i++)
        ck_assert_msg(item_before(&s.out[i - 1], &s.out[i]),
                      "item %zu (seq %llu rank %llu) after (seq %llu rank %llu)", i,
                      (unsigned long long)s.out[i].seq, (unsigned long long)s.out[i].rank,
                      (unsigned long long)s.out[i - 1].seq, (unsigned long long)s.out[i - 1].rank);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workers-merge");
    TCase *rules = tcase_create("rules");
    tcase_add_test(rules, nothing_queued_waits);
    tcase_add_test(rules, a_lagging_worker_holds_back_later_records);
    tcase_add_test(rules, same_sequence_goes_by_worker_index);
    tcase_add_test(rules, an_idle_worker_blocks_nothing);
    tcase_add_test(rules, the_smallest_head_goes_first);
    tcase_add_test(rules, own_tick_precedes_its_packet);
    tcase_add_test(rules, end_of_input_releases_the_rest);
    suite_add_tcase(s, rules);
    TCase *sim_case = tcase_create("simulation");
    tcase_add_loop_test(sim_case, simulated_runs_come_out_in_dispatcher_order, 0, 20);
    suite_add_tcase(s, sim_case);
    return sw_test_run(s);
}
