# lib.sh - helpers for the end-to-end tests of the `redline` command.
#
# Each test script is run by ctest from the source root as
#     bash tests/e2e/NAME.sh PATH/TO/redline
# and sources this file.  `run` runs redline and keeps its stdout, stderr
# and exit status; the expect_* helpers check them and count failures;
# `finish` prints the tally and sets the script's exit status.

set -uo pipefail

REDLINE=${1:?usage: $0 PATH/TO/redline}
DATA=tests/data/e2e
PACKS=$DATA/packs      # packs that load
BROKEN=$DATA/broken    # packs that do not
TMP=$(mktemp -d "${TMPDIR:-/tmp}/redline-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Keep the user's environment out of the results.
unset REDLINE_PACKS_PATH NO_COLOR

n_pass=0
n_fail=0
OUT=$TMP/out
ERR=$TMP/err
STATUS=0
LAST=""

ok() {
	n_pass=$((n_pass + 1))
}

bad() {
	n_fail=$((n_fail + 1))
	echo "FAIL: $*" >&2
	echo "  command: $LAST" >&2
	echo "  status: $STATUS" >&2
	echo "  stdout: $(head -c 2000 "$OUT")" >&2
	echo "  stderr: $(head -c 2000 "$ERR")" >&2
}

# run ARGS...: runs redline with ARGS (stdin from /dev/null unless the
# caller redirects).
run() {
	LAST="redline $*"
	"$REDLINE" "$@" >"$OUT" 2>"$ERR"
	STATUS=$?
}

expect_status() {
	if [ "$STATUS" -eq "$1" ]; then ok; else bad "expected exit $1"; fi
}

# expect_out / expect_err REGEX: a line of stdout / stderr matches.
expect_out() {
	if grep -Eq -- "$1" "$OUT"; then ok; else bad "stdout lacks /$1/"; fi
}
expect_err() {
	if grep -Eq -- "$1" "$ERR"; then ok; else bad "stderr lacks /$1/"; fi
}
expect_no_out() {
	if grep -Eq -- "$1" "$OUT"; then bad "stdout has /$1/"; else ok; fi
}
expect_no_err() {
	if grep -Eq -- "$1" "$ERR"; then bad "stderr has /$1/"; else ok; fi
}

# expect_py 'PYTHON': runs PYTHON with `doc` bound to the parsed JSON on
# stdout; it fails the check by raising (assert).
expect_py() {
	if python3 -c '
import json, sys, hashlib, re
doc = json.load(open(sys.argv[1]))
exec(sys.argv[2])
' "$OUT" "$1" 2>"$TMP/py"; then
		ok
	else
		bad "python check failed: $(cat "$TMP/py")"
	fi
}

finish() {
	echo "$n_pass passed, $n_fail failed"
	[ "$n_fail" -eq 0 ]
}
