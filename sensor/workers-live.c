/* Capture-fed worker threads (see workers-live.h). */
#include "workers-live.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct live_worker {
    sw_live_workers *set;
    unsigned index;
    pthread_t thread;
    int started;
    sw_pipeline *pl;
    sw_capture_handle *handle;
    sw_capture_stats stats; /* written by the thread, read after the join */
    sw_status status;
    sw_error err;
    unsigned seen_gen;
    _Atomic unsigned acked_gen;
    _Atomic int running;
} live_worker;

struct sw_live_workers {
    unsigned n;
    live_worker w[SW_WORKERS_MAX];
    sw_worker_sync_cb sync;
    void *user;
    _Atomic unsigned gen;
    _Atomic int stop;
    int finished;
};

static void on_packet(sw_packet *p, void *user)
{
    live_worker *w = user;
    /* The handle's own count is no packet number of the interface: the EVE pcap_cnt is left
     * out rather than repeated across workers. */
    p->pcap_cnt = 0;
    sw_pipeline_packet(w->pl, p);
}

static void on_idle(sw_time now, void *user)
{
    live_worker *w = user;
    sw_pipeline_tick(w->pl, now);
}

/* Between packets: apply a reload, then say whether to stop. */
static int on_poll(void *user)
{
    live_worker *w = user;
    unsigned gen = atomic_load_explicit(&w->set->gen, memory_order_acquire);
    if (gen != w->seen_gen) {
        w->seen_gen = gen;
        if (w->set->sync)
            w->set->sync(w->index, w->pl, w->set->user);
        atomic_store_explicit(&w->acked_gen, gen, memory_order_release);
    }
    return atomic_load_explicit(&w->set->stop, memory_order_relaxed);
}

static void *worker_main(void *arg)
{
    live_worker *w = arg;
    /* Snaplen, promiscuity and the filter were set when the handle was opened. */
    sw_capture_options opt = {0, 0, NULL, on_packet, on_idle, on_poll, w, NULL};
    w->status = sw_capture_run_live(w->handle, &opt, &w->stats, &w->err);
    sw_pipeline_finish(w->pl);
    atomic_store_explicit(&w->running, 0, memory_order_release);
    return NULL;
}

sw_live_workers *sw_live_workers_new(sw_pipeline *const *pipelines,
                                     sw_capture_handle *const *handles, unsigned n,
                                     sw_worker_sync_cb sync, void *user, sw_error *err)
{
    sw_live_workers *set = sw_workers_alloc(sizeof(*set), n, err);
    if (!set)
        return NULL;
    set->n = n;
    set->sync = sync;
    set->user = user;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (unsigned i = 0; i < n; i++) {
        live_worker *w = &set->w[i];
        w->set = set;
        w->index = i;
        w->pl = pipelines[i];
        w->handle = handles[i];
        atomic_store(&w->running, 1);
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "workers",
                         "cannot start capture worker %u of %u (thread limit)", i + 1, n);
            atomic_store(&set->stop, 1);
            for (unsigned j = 0; j < i; j++)
                pthread_join(set->w[j].thread, NULL);
            free(set);
            return NULL;
        }
        w->started = 1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return set;
}

void sw_live_workers_sync(sw_live_workers *set)
{
    atomic_fetch_add_explicit(&set->gen, 1, memory_order_release);
}

int sw_live_workers_synced(sw_live_workers *set)
{
    unsigned gen = atomic_load_explicit(&set->gen, memory_order_acquire);
    for (unsigned i = 0; i < set->n; i++)
        if (atomic_load_explicit(&set->w[i].running, memory_order_acquire) &&
            atomic_load_explicit(&set->w[i].acked_gen, memory_order_acquire) != gen)
            return 0;
    return 1;
}

unsigned sw_live_workers_running(sw_live_workers *set)
{
    unsigned n = 0;
    for (unsigned i = 0; i < set->n; i++)
        n += atomic_load_explicit(&set->w[i].running, memory_order_acquire) != 0;
    return n;
}

sw_status sw_live_workers_finish(sw_live_workers *set, sw_capture_stats *stats, sw_error *err)
{
    sw_status first = SW_OK;
    if (set->finished)
        return SW_OK;
    set->finished = 1;
    atomic_store(&set->stop, 1);
    for (unsigned i = 0; i < set->n; i++) {
        live_worker *w = &set->w[i];
        if (!w->started)
            continue;
        pthread_join(w->thread, NULL);
        sw_capture_close_live(w->handle, &w->stats);
        w->handle = NULL;
        stats->packets += w->stats.packets;
        stats->kernel_packets += w->stats.kernel_packets;
        stats->kernel_drops += w->stats.kernel_drops;
        if (w->status != SW_OK && first == SW_OK) {
            first = w->status;
            *err = w->err;
        }
    }
    stats->stopped = 1;
    return first;
}

void sw_live_workers_free(sw_live_workers *set)
{
    if (!set)
        return;
    sw_capture_stats ignored = {0};
    sw_error err = {0};
    sw_live_workers_finish(set, &ignored, &err);
    free(set);
}
