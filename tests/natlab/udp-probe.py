#!/usr/bin/python3
"""A UDP ping for checking the lab's wire (this image has no ping): python3-minimal only.

  udp-probe.py echo PORT                  answers every datagram with itself (prints READY)
  udp-probe.py ping HOST PORT COUNT MS    sends COUNT numbered datagrams MS ms apart, waits 2 s
                                          for late answers, prints one line of results:
  sent=<n> received=<n> loss_pct=<x> rtt_mean_ms=<x> rtt_median_ms=<x> rtt_min_ms=<x> rtt_max_ms=<x> jitter_ms=<x>

jitter_ms is RFC 3550's interarrival jitter of the answers, in arrival order (as a receiver
counts it: each answer's transit compared with the one before, smoothed by 1/16).
"""
import os
import select
import socket
import struct
import sys
import time


def realtime():
    """Runs ahead of the lab's browsers on a loaded machine: the delays are ours, not the scheduler's."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except (AttributeError, OSError):
        pass  # Not root, or no real-time scheduling: timing is then only as good as the load allows.


def echo(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    print("READY", flush=True)
    while True:
        data, addr = s.recvfrom(2048)
        s.sendto(data, addr)


def ping(host, port, count, interval_ms):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((host, port))
    sent_at = {}
    rtts = []
    jitter = 0.0
    last = None
    start = time.monotonic()
    deadline = start + count * interval_ms / 1000 + 2
    n = 0
    while True:
        now = time.monotonic()
        if n < count and now >= start + n * interval_ms / 1000:
            sent_at[n] = now
            s.send(struct.pack("!I", n) + b"\0" * 160)
            n += 1
            continue
        if now >= deadline:
            break
        next_send = start + n * interval_ms / 1000 if n < count else deadline
        readable, _, _ = select.select([s], [], [], max(0.0, min(next_send, deadline) - now))
        if not readable:
            continue
        data = s.recv(2048)
        arrived = time.monotonic()
        seq = struct.unpack("!I", data[:4])[0]
        if seq not in sent_at:
            continue
        rtts.append((arrived - sent_at.pop(seq)) * 1000)
        transit = arrived - (start + seq * interval_ms / 1000)
        if last is not None:
            jitter += (abs(transit - last) * 1000 - jitter) / 16
        last = transit
    received = len(rtts)
    mean = sum(rtts) / received if received else 0
    ordered = sorted(rtts)
    middle = ordered[received // 2] if received else 0
    print(
        f"sent={count} received={received} loss_pct={100 * (count - received) / count:.2f} "
        f"rtt_mean_ms={mean:.1f} rtt_median_ms={middle:.1f} rtt_min_ms={min(rtts, default=0):.1f} rtt_max_ms={max(rtts, default=0):.1f} "
        f"jitter_ms={jitter:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    realtime()
    if len(sys.argv) == 3 and sys.argv[1] == "echo":
        echo(int(sys.argv[2]))
    elif len(sys.argv) == 6 and sys.argv[1] == "ping":
        ping(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit("usage: udp-probe.py echo PORT | udp-probe.py ping HOST PORT COUNT MS")
