#!/usr/bin/env bash
# daemon.sh - the daemon figures of bench/README.md: starts build/redlined
# on an ipc:// socket in a temporary folder, runs build/redline-loadgen at
# 1, 8 and 64 requests in flight (closed loop), then open loop at a given
# rate (default: 80 % of the best closed-loop throughput), then a long run
# that reports the daemon's resident memory before and after.
#
#   bench/daemon.sh [BUILD_DIR] [DOC] [SECONDS] [LONG_REQUESTS] [RATE]
#
# Defaults: build, docs/examples/rota-swap-prfaq.md, 10 s per run, 1000000
# requests for the memory run (0 skips it).  Use a Release build on an
# otherwise idle machine.  REDLINED_ARGS adds options to the daemon's
# command line, e.g. REDLINED_ARGS=--pin-workers.
#
# Before and after, it times the same review embedded (redline-bench, CPU
# clock): on a virtual machine, a figure well above the usual one says
# other tenants were busy on the host, and the latencies are theirs too.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
doc=${2:-docs/examples/rota-swap-prfaq.md}
secs=${3:-10}
long=${4:-1000000}
rate=${5:-}
workers=$(nproc)

embedded() {
	"$build/redline-bench" --pack prfaq --iterations 1000 "$doc" |
		awk '/^cpu/ {print "embedded review, median of 1000:", $9, "us"}'
}

embedded
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # REDLINED_ARGS is a list of options
"$build/redlined" --listen "ipc://$tmp/redlined.sock" --workers "$workers" \
	${REDLINED_ARGS:-} 2>"$tmp/redlined.log" &
pid=$!
for _ in $(seq 100); do
	[ -S "$tmp/redlined.sock" ] && break
	sleep 0.05
done

load() {
	"$build/redline-loadgen" --connect "ipc://$tmp/redlined.sock" \
		--pack prfaq --warmup 1000 --pid "$pid" "$@" "$doc"
}

echo "# $(basename "$doc"), $(wc -c <"$doc") bytes, pack prfaq," \
	"$workers workers, $(nproc) cores${REDLINED_ARGS:+, $REDLINED_ARGS}"
best=0
for n in 1 8 64; do
	echo "## closed loop, $n in flight"
	out=$(load --inflight "$n" --seconds "$secs")
	echo "$out"
	t=$(echo "$out" | awk '/^throughput/ {print $2}')
	[ "$t" -gt "$best" ] && best=$t
done
rate=${rate:-$((best * 8 / 10))}
echo "## open loop at $rate req/s (80 % of $best), 64 in flight"
load --inflight 64 --seconds "$secs" --rate "$rate"
if [ "$long" -gt 0 ]; then
	echo "## memory: $long requests, 8 in flight"
	load --inflight 8 --requests "$long"
fi
kill -TERM "$pid"
wait "$pid"
tail -1 "$tmp/redlined.log"
embedded
