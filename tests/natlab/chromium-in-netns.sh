#!/bin/sh
# Playwright's executablePath for the NAT lab: Chromium inside one home's
# network namespace. `ip netns exec` execs in place and keeps file descriptors,
# so Playwright's pipe to Chromium (fds 3 and 4) survives the move.
set -eu
: "${NATLAB_NETNS:?NATLAB_NETNS must name the lab namespace to run Chromium in}"
exec ip netns exec "$NATLAB_NETNS" "${CHROMIUM_PATH:-/usr/bin/chromium}" "$@"
