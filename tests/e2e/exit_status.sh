# exit_status.sh - the exit statuses of `redline check` (CONTRACT.md).
. "$(dirname "$0")/lib.sh"

E2E=(--packs-path "$PACKS" --pack E2E)

# 0: no finding, or findings below error level.
run check "${E2E[@]}" "$DATA/clean.md"
expect_status 0
run check "${E2E[@]}" "$DATA/vague.md" "$DATA/filler.md"
expect_status 0

# Packs are found by name on REDLINE_PACKS_PATH too.
REDLINE_PACKS_PATH="$TMP:$PACKS" run check --pack E2E "$DATA/hype.md"
expect_status 1
expect_out 'E2E\.Hype'

# 1: an error-level finding, even among clean documents.
run check "${E2E[@]}" "$DATA/clean.md" "$DATA/hype.md"
expect_status 1

# The default pack is prfaq: our samples pass, the weak draft fails.
run check "$DATA/good-prfaq.md"
expect_status 0
run check docs/examples/rota-swap-prfaq.md
expect_status 0
run check docs/examples/rota-swap-weak-draft.md
expect_status 1

# 2: unreadable input; stderr names it and the others are still reviewed.
run check "${E2E[@]}" --format json "$DATA/clean.md" "$TMP/missing.md" \
	"$DATA/hype.md"
expect_status 2
expect_err "^redline: $TMP/missing.md: No such file or directory$"
expect_py '
paths = [d["path"] for d in doc["documents"]]
assert paths == ["tests/data/e2e/clean.md", "tests/data/e2e/hype.md"], paths'

ln -s "$TMP/nowhere.md" "$TMP/dangling.md"
run check "${E2E[@]}" "$TMP/dangling.md" "$DATA/clean.md"
expect_status 2
expect_err "^redline: $TMP/dangling.md: "

printf '# Secret\n' >"$TMP/secret.md"
chmod 000 "$TMP/secret.md"
if [ "$(id -u)" -ne 0 ]; then
	run check "${E2E[@]}" "$TMP/secret.md" "$DATA/clean.md"
	expect_status 2
	expect_err "^redline: $TMP/secret.md: Permission denied$"
fi
# A file that opens but fails to read (also as root).
if [ -r /proc/self/mem ]; then
	run check "${E2E[@]}" /proc/self/mem "$DATA/clean.md"
	expect_status 2
	expect_err "^redline: /proc/self/mem: "
	expect_out 'clean.md'
fi

# 2: a missing pack, and a pack that does not load.
run check --pack no-such-pack "$DATA/clean.md"
expect_status 2
expect_err 'no-such-pack'
expect_no_out '.'

# 2 wins over 1.
run check "${E2E[@]}" "$DATA/hype.md" "$TMP/missing.md"
expect_status 2

# 3: the daemon cannot be reached.
run check --connect "ipc://$TMP/no-daemon.sock" "$DATA/clean.md"
expect_status 3
expect_err '.'

finish
