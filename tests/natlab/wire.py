#!/usr/bin/python3
"""The NAT lab's link emulator: a layer-2 wire between two interfaces of its own namespace.

This kernel has no netem, so delay, jitter and loss happen here, in user space. Frames read from
one interface (AF_PACKET, every protocol; our own transmissions, PACKET_OUTGOING, skipped) are
sent out of the other after the direction's delay, or dropped:

  delay   every frame waits delay ms, plus
  jitter  a uniform random extra in [-jitter, +jitter] ms, drawn per frame and independent (as
          netem's "delay D J" without a distribution table); frames may overtake each other,
          as with netem
  loss    each frame other than ARP is dropped with probability loss % (ARP passes, so the
          wire never adds neighbour-resolution stalls of its own)

Release times sit in a heap, so each frame leaves when its own time comes. Rate limits are not
done here: tc tbf on the wire's interfaces does that (packet sockets go through the qdisc).

Frames a local stack sent may carry a partial checksum (TX checksum offload; the auxdata says
TP_STATUS_CSUMNOTREADY); resent through a packet socket nobody would complete it, so IPv4 TCP
and UDP checksums of such frames are computed here. Frames larger than the MTU (GSO) cannot be
resent: the lab turns GSO off on the links it wires (gso_max_segs 1), and any that arrive anyway
are counted as "oversize" and dropped.

Only Debian's python3-minimal is needed. Usage: wire.py IF_A IF_B. Commands on stdin, one a line:
  set ab|ba delay=<ms> jitter=<ms> loss=<pct>     (ab: frames from IF_A to IF_B)
  seed <n>                                        (repeatable random draws)
  stats                                           (prints the counters)
Each command is answered with one line on stdout starting "OK" or "ERROR".
"""
import heapq
import os
import random
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 8
ETH_HEADER = 14
AUX = struct.Struct("IIIHHHH")


def realtime():
    """Runs ahead of the lab's browsers on a loaded machine: the delays are ours, not the scheduler's."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except (AttributeError, OSError):
        pass  # Not root, or no real-time scheduling: timing is then only as good as the load allows.


class Direction:
    def __init__(self, name, out_sock, mtu):
        self.name = name
        self.out = out_sock
        self.mtu = mtu
        self.delay = 0.0
        self.jitter = 0.0
        self.loss = 0.0
        self.counts = {"in": 0, "sent": 0, "lost": 0, "oversize": 0, "fixed": 0}
        # How late frames left against their release time: the wire's own error, in ms.
        self.late_total = 0.0
        self.late_max = 0.0

    def describe(self):
        c = self.counts
        return (
            f"{self.name} delay={self.delay:g} jitter={self.jitter:g} loss={self.loss:g} "
            f"in={c['in']} sent={c['sent']} lost={c['lost']} oversize={c['oversize']} fixed={c['fixed']} "
            f"late_mean_ms={self.late_total / max(1, c['sent']):.2f} late_max_ms={self.late_max:.1f}"
        )


def ones_complement(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def fix_checksum(frame):
    """The frame with its IPv4 TCP/UDP checksum computed in full (it left its stack partial)."""
    if len(frame) < ETH_HEADER + 20 or frame[12:14] != b"\x08\x00":
        return frame
    ip = ETH_HEADER
    ihl = (frame[ip] & 0x0F) * 4
    total_len = struct.unpack_from("!H", frame, ip + 2)[0]
    frag = struct.unpack_from("!H", frame, ip + 6)[0]
    proto = frame[ip + 9]
    if frag & 0x3FFF or proto not in (6, 17):
        return frame
    start = ip + ihl
    segment = bytearray(frame[start : ip + total_len])
    field = 16 if proto == 6 else 6
    if len(segment) < field + 2:
        return frame
    segment[field : field + 2] = b"\0\0"
    pseudo = frame[ip + 12 : ip + 20] + struct.pack("!BBH", 0, proto, len(segment))
    checksum = 0xFFFF - ones_complement(pseudo + bytes(segment))
    if proto == 17 and checksum == 0:
        checksum = 0xFFFF
    struct.pack_into("!H", segment, field, checksum)
    return frame[:start] + bytes(segment) + frame[ip + total_len :]


def open_socket(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((ifname, ETH_P_ALL))
    s.setblocking(False)
    return s


def mtu_of(ifname):
    with open(f"/sys/class/net/{ifname}/mtu") as f:
        return int(f.read())


def command(line, directions, rng):
    words = line.split()
    if not words:
        return None
    if words[0] == "seed" and len(words) == 2:
        rng.seed(int(words[1]))
        return "OK seed"
    if words[0] == "stats":
        return "OK " + " | ".join(d.describe() for d in directions.values())
    if words[0] == "set" and len(words) >= 2 and words[1] in directions:
        d = directions[words[1]]
        values = dict(word.split("=", 1) for word in words[2:] if "=" in word)
        d.delay = float(values.get("delay", d.delay))
        d.jitter = float(values.get("jitter", d.jitter))
        d.loss = float(values.get("loss", d.loss))
        if d.delay < 0 or d.jitter < 0 or d.jitter > d.delay or not 0 <= d.loss <= 100:
            return "ERROR need 0 <= jitter <= delay and 0 <= loss <= 100"
        return "OK " + d.describe()
    return f"ERROR unknown command: {line.strip()}"


def take(sock, direction, queue, rng, order):
    """Reads every frame waiting on sock into the release heap (or drops it)."""
    while True:
        try:
            frame, anc, _flags, addr = sock.recvmsg(65536, socket.CMSG_SPACE(AUX.size))
        except BlockingIOError:
            return order
        if addr[2] == PACKET_OUTGOING:
            continue
        c = direction.counts
        c["in"] += 1
        for level, kind, data in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA and AUX.unpack(data[: AUX.size])[0] & TP_STATUS_CSUMNOTREADY:
                frame = fix_checksum(frame)
                c["fixed"] += 1
        if len(frame) > direction.mtu + ETH_HEADER:
            c["oversize"] += 1
            continue
        arp = frame[12:14] == b"\x08\x06"
        if not arp and direction.loss > 0 and rng.random() * 100 < direction.loss:
            c["lost"] += 1
            continue
        wait = direction.delay + (rng.uniform(-direction.jitter, direction.jitter) if direction.jitter else 0)
        order += 1
        heapq.heappush(queue, (time.monotonic() + wait / 1000, order, direction, frame))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: wire.py IF_A IF_B")
    if_a, if_b = sys.argv[1], sys.argv[2]
    realtime()
    sock_a, sock_b = open_socket(if_a), open_socket(if_b)
    directions = {"ab": Direction("ab", sock_b, mtu_of(if_b)), "ba": Direction("ba", sock_a, mtu_of(if_a))}
    source = {sock_a: directions["ab"], sock_b: directions["ba"]}
    rng = random.Random()
    queue = []
    order = 0
    stdin = sys.stdin.fileno()
    pending = b""
    print(f"WIRE READY {if_a} {if_b}", flush=True)
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([sock_a, sock_b, stdin], [], [], timeout)
        for r in readable:
            if r == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    answer = command(line.decode(), directions, rng)
                    if answer:
                        print(answer, flush=True)
            else:
                order = take(r, source[r], queue, rng, order)
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            due, _, direction, frame = heapq.heappop(queue)
            try:
                direction.out.send(frame)
                direction.counts["sent"] += 1
                late = (now - due) * 1000
                direction.late_total += late
                direction.late_max = max(direction.late_max, late)
            except (BlockingIOError, OSError):
                direction.counts["lost"] += 1


if __name__ == "__main__":
    main()
