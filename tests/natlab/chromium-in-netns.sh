#!/bin/sh
# Playwright's executablePath for the NAT lab: Chromium inside one home's
# network namespace. `ip netns exec` execs in place and keeps file descriptors,
# so Playwright's pipe to Chromium (fds 3 and 4) survives the move.
# The lab measures time (RTT, jitter): a browser starved of CPU on a loaded
# machine reports its own scheduling delays as the network's, so it runs at a
# higher priority (nice -10; the lab is root anyway).
set -eu
: "${NATLAB_NETNS:?NATLAB_NETNS must name the lab namespace to run Chromium in}"
exec ip netns exec "$NATLAB_NETNS" nice -n -10 "${CHROMIUM_PATH:-/usr/bin/chromium}" "$@"
