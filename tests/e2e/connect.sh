# connect.sh - `redline check --connect` against a redlined started here:
# the same bytes and exit status as the embedded engine, in every format;
# exit 3 when the daemon is unreachable or answers with an error.
. "$(dirname "$0")/lib.sh"

REDLINED=${2:?usage: $0 PATH/TO/redline PATH/TO/redlined}
SOCK="ipc://$TMP/redlined.sock"

"$REDLINED" --listen "$SOCK" --packs-path "$PACKS" --workers 1 \
	>"$TMP/daemon.out" 2>"$TMP/daemon.err" &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null; rm -rf "$TMP"' EXIT

# Wait (at most 10 s) until the daemon answers.
for _ in $(seq 100); do
	run check --connect "$SOCK" --pack E2E "$DATA/clean.md"
	[ "$STATUS" -ne 3 ] && break
	kill -0 "$DAEMON" 2>/dev/null || break
	sleep 0.1
done
expect_status 0

# same ARGS...: embedded and remote runs print the same and exit the same.
same() {
	run "$@"
	cp "$OUT" "$TMP/local.out"
	local want=$STATUS
	run "$@" --connect "$SOCK"
	if [ "$STATUS" -eq "$want" ] && cmp -s "$OUT" "$TMP/local.out"; then
		ok
	else
		bad "--connect differs (status $want locally): $*"
		diff "$TMP/local.out" "$OUT" | head -20 >&2
	fi
}

for fmt in text json line sarif junit codequality; do
	same check --packs-path "$PACKS" --pack E2E --format "$fmt" \
		"$DATA/levels.md" "$DATA/clean.md" "$DATA/tree"
done
same check --packs-path "$PACKS" --pack E2E --format json \
	--min-level warning "$DATA/levels.md"
same check --format json "$DATA/good-prfaq.md" \
	docs/examples/rota-swap-weak-draft.md
same check --format text --color docs/examples/rota-swap-weak-draft.md

# Unreadable input is the client's to report, with the daemon too.
run check --connect "$SOCK" --pack E2E "$TMP/missing.md" "$DATA/clean.md"
expect_status 2
expect_err "missing\.md: No such file or directory"

# A daemon that answers with an error: exit 3.
run check --connect "$SOCK" --pack no-such-pack "$DATA/clean.md"
expect_status 3
expect_err '.'

# The daemon is gone: exit 3.
kill "$DAEMON"
wait "$DAEMON" 2>/dev/null
run check --connect "$SOCK" --pack E2E "$DATA/clean.md"
expect_status 3
expect_err '.'

finish
