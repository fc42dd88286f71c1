/* Packet-time clock and tick points (see packet-clock.h). */
#include "packet-clock.h"

int sw_packet_clock_packet(sw_packet_clock *clock, sw_time ts)
{
    if (!clock->started) {
        clock->started = 1;
        clock->first = ts;
    }
    if (sw_time_diff_us(clock->now, ts) > 0)
        clock->now = ts;
    if (clock->now.sec == clock->ticked_sec)
        return 0;
    clock->ticked_sec = clock->now.sec;
    return 1;
}

int sw_packet_clock_idle(sw_packet_clock *clock, sw_time now)
{
    if (!clock->started || sw_time_diff_us(clock->now, now) <= 0)
        return 0;
    clock->now = now;
    return 1;
}
