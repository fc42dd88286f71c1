/* The sensor's clock: packet time, moving only forward, and the moments the engine hears that
 * time passed (one SW_OBS_TICK per second of packet time, and on live idle time). One code path
 * for the single pipeline and for the dispatcher, which replays the same ticks to the correlator
 * of a multi-worker run: both must tick at exactly the same points for identical alerts. */
#ifndef SEAWALL_SENSOR_PACKET_CLOCK_H
#define SEAWALL_SENSOR_PACKET_CLOCK_H

#include "common.h"

typedef struct sw_packet_clock {
    int started;
    sw_time first; /* the first packet's time */
    sw_time now;   /* the latest packet time seen (captures may step back; this does not) */
    int64_t ticked_sec;
} sw_packet_clock;

/* A packet at ts: returns 1 when a tick is due before the packet is processed (time entered a
 * new second); the tick's time is clock->now. */
int sw_packet_clock_packet(sw_packet_clock *clock, sw_time ts);
/* Idle time on a live interface: returns 1 when `now` moves the clock forward (a tick is due,
 * at clock->now); 0 before the first packet or when now is not later. */
int sw_packet_clock_idle(sw_packet_clock *clock, sw_time now);

#endif
