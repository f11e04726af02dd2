# packs.sh - pack load errors with file:line, `packs list`, `packs test`,
# and rule errors (exit 2, other rules' findings kept).
. "$(dirname "$0")/lib.sh"

# --- a pack that does not load names file:line:col and the reason -------
run check --pack "$BROKEN/BadRegex" "$DATA/clean.md"
expect_status 2
expect_err "^(/.*/)?$BROKEN/BadRegex/Broken\.yml:6:5: .*bad regular expression '\(unclosed'"
expect_no_out '.'

run check --packs-path "$BROKEN" --pack BadYaml "$DATA/clean.md"
expect_status 2
expect_err "BadYaml/Broken\.yml:[0-9]+:[0-9]+: "
expect_no_out '.'

# One bad pack among good ones still stops the run.
run check --packs-path "$PACKS" --packs-path "$BROKEN" --pack E2E \
	--pack BadRegex "$DATA/clean.md"
expect_status 2
expect_err 'Broken\.yml:[0-9]+:'

# --- packs list ---------------------------------------------------------
run packs list
expect_status 0
expect_out '^NAME +VERSION +RULES +PATH$'
expect_out '^prfaq +[0-9]+\.[0-9]+\.[0-9]+ +[0-9]+ +.*rules/prfaq$'

run packs list --packs-path "$PACKS" --packs-path "$BROKEN"
expect_status 0
expect_out '^E2E +[^ ]+ +3 +.*tests/data/e2e/packs/E2E$'
expect_out '^\(error\) +.*BadRegex/Broken\.yml:[0-9]+:'
expect_out '^\(error\) +.*BadYaml/Broken\.yml:[0-9]+:'
expect_out '^prfaq '

# --- packs test ---------------------------------------------------------
run packs test "$DATA/selftest/good"
expect_status 0
expect_out '^3 passed, 0 failed$'

run packs test "$DATA/selftest/bad"
expect_status 1
expect_out '^1 passed, 2 failed$'
expect_out 'FAIL .*pass-wrong\.md: selftest-bad\.hype should not trigger'
expect_out 'FAIL .*fail-wrong\.md: selftest-bad\.hype should trigger'
expect_out '^    3:6  warning  selftest-bad\.hype  .*world-class'

run packs test "$BROKEN/BadRegex"
expect_status 2
expect_err 'Broken\.yml:[0-9]+:'

run packs test rules/prfaq
expect_status 0
expect_out '^[1-9][0-9]* passed, 0 failed$'

# --- a rule that fails: listed in rule_errors, exit 2, others still run -
run check --pack "$DATA/lua-broken" --format json "$DATA/hype.md"
expect_status 2
expect_err 'lua-broken\.boom'
expect_py '
d = doc["documents"][0]
assert [e["rule"] for e in d["rule_errors"]] == ["lua-broken.boom"], d
assert "boom" in d["rule_errors"][0]["message"]
assert [f["rule"] for f in d["findings"]] == ["lua-broken.hype"], d'

finish
