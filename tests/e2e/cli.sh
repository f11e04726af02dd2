# cli.sh - help, version and usage errors (exit 2 with a short usage).
. "$(dirname "$0")/lib.sh"

run --help
expect_status 0
expect_out '^usage: redline check'

run --version
expect_status 0
expect_out '^redline [0-9]+\.[0-9]+\.[0-9]+$'

run check --help
expect_status 0
expect_out -- '--min-level'

run
expect_status 2
expect_err '^usage: redline check'

run frobnicate
expect_status 2
expect_err "unknown command 'frobnicate'"
expect_err '^usage:'

run check
expect_status 2
expect_err 'no PATH'
expect_err '^usage:'

run check --no-such-option "$DATA/clean.md"
expect_status 2
expect_err "unknown option '--no-such-option'"
expect_err '^usage:'

run check "$DATA/clean.md" --pack
expect_status 2
expect_err "needs a value"

run check --format yaml "$DATA/clean.md"
expect_status 2
expect_err "unknown format 'yaml'"
expect_no_out '.'

run check --min-level loud "$DATA/clean.md"
expect_status 2
expect_err "unknown level 'loud'"

run packs
expect_status 2
expect_err '^usage:'

run packs test
expect_status 2
expect_err 'expected one pack folder'

finish
