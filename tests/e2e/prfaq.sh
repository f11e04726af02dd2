# prfaq.sh - the shipped prfaq and plain packs (issue 3): their rules and
# examples, the outcomes a PR/FAQ reviewer expects, scores that add up
# from the JSON deductions, the text breakdown, and the readability
# plugin through redlined.
#     bash tests/e2e/prfaq.sh PATH/TO/redline [PATH/TO/redlined]
. "$(dirname "$0")/lib.sh"

REDLINED=${2:-}
PD=tests/data/prfaq
SHARED=../shared

# --- both packs pass their own examples ---------------------------------
run packs test rules/prfaq
expect_status 0
expect_out '^[1-9][0-9]* passed, 0 failed$'
run packs test rules/plain
expect_status 0
expect_out '^[1-9][0-9]* passed, 0 failed$'

run packs list
expect_out '^plain +[0-9.]+ +[0-9]+ +.*rules/plain$'

# --- the issue's rule ids and levels; an example of each kind per rule --
if python3 - <<'EOF' 2>"$TMP/py"; then ok; else bad "rules: $(cat "$TMP/py")"; fi
import glob, os, re
want = {
    "headline": "error", "subheading": "warning", "dateline": "warning",
    "leader-quote": "warning", "customer-quote": "warning",
    "call-to-action": "warning", "pr-length": "warning", "faq": "error",
    "customer-faq": "warning", "internal-faq": "warning",
    "faq-answers": "warning", "customer-evidence": "warning",
    "weasel-words": "warning", "buzzwords": "warning",
    "passive-voice": "suggestion", "sentence-length": "suggestion",
}
def level(path):
    text = open(path).read()
    m = re.search(r'^level: *(\w+)', text, re.M) or \
        re.search(r'^\tlevel = "(\w+)"', text, re.M)
    return m.group(1) if m else "suggestion"
for pack in ("rules/prfaq", "rules/plain"):
    rules = {}
    for p in glob.glob(pack + "/*.yml") + glob.glob(pack + "/*.lua"):
        rules[os.path.splitext(os.path.basename(p))[0]] = level(p)
    for r in rules:
        for kind in ("pass", "fail"):
            assert glob.glob("%s/tests/%s/%s-*.md" % (pack, r, kind)), \
                "%s.%s has no %s-*.md example" % (pack, r, kind)
    if pack == "rules/prfaq":
        for r, lv in want.items():
            assert rules.get(r) == lv, (r, rules.get(r), lv)
EOF

# --- outcomes -------------------------------------------------------------
# outcome FILE VERDICT MIN_SCORE MAX_SCORE ERRORS RULE...: one document's
# verdict and score; ERRORS is "no-errors" when no finding may be at error
# level ("-" otherwise); each RULE must have a finding.
outcome() {
	local file=$1 verdict=$2 min=$3 max=$4 errors=$5
	shift 5
	run check --format json "$file"
	expect_py "
d = doc['documents'][0]
assert d['verdict'] == '$verdict', (d['verdict'], d['score'])
assert $min <= d['score'] <= $max, d['score']
assert not d['rule_errors'], d['rule_errors']
rules = {f['rule'] for f in d['findings']}
for r in '$*'.split():
    assert r in rules, (r, sorted(rules))
if '$errors' == 'no-errors':
    assert all(f['severity'] != 'error' for f in d['findings']), rules"
}

# A complete, well-written PR/FAQ passes with a high score and no error.
outcome docs/examples/rota-swap-prfaq.md pass 90 100 no-errors
outcome "$PD/complete.md" pass 90 100 no-errors
if [ -f "$SHARED/PRFAQ.md" ]; then
	outcome "$SHARED/PRFAQ.md" pass 90 100 no-errors
	run check "$SHARED/PRFAQ.md"
	expect_status 0
fi

# One without an FAQ fails.
outcome "$PD/no-faq.md" fail 0 100 - prfaq.faq
run check "$PD/no-faq.md"
expect_status 1

# A hype-laden draft with no date line, no customer quote and no evidence
# fails: the weak example (no headline, no FAQ either), and one that has
# both and fails on its score alone.
outcome docs/examples/rota-swap-weak-draft.md fail 0 74 - prfaq.buzzwords \
	prfaq.weasel-words prfaq.dateline prfaq.customer-quote \
	prfaq.customer-evidence
outcome "$PD/hype-draft.md" fail 0 74 no-errors prfaq.buzzwords \
	prfaq.weasel-words prfaq.dateline prfaq.customer-quote \
	prfaq.customer-evidence

# An overlong press release, or an FAQ with only an internal part, warns
# (and only for that: the rest of the document is the complete one).
outcome "$PD/long-pr.md" warn 75 89 no-errors prfaq.pr-length
outcome "$PD/internal-only.md" warn 75 89 no-errors prfaq.customer-faq
run check "$PD/internal-only.md"
expect_status 0

# --- the score adds up from the JSON ----------------------------------
run check --format json "$PD"/*.md docs/examples/*.md
expect_status 1
expect_py '
weights = {"structure": 2, "customer": 1, "clarity": 1, "evidence": 1}
for d in doc["documents"]:
    by_rule = {}
    for f in d["findings"]:
        by_rule.setdefault((f["category"], f["rule"]), 0)
        by_rule[(f["category"], f["rule"])] += 1
    seen = {}
    total = wsum = 0
    for c in d["categories"]:
        pts = sum(x["points"] for x in c["deductions"])
        assert c["score"] == max(0, 100 - pts), (d["path"], c)
        for x in c["deductions"]:
            seen[(c["name"], x["rule"])] = x["count"]
        total += weights[c["name"]] * c["score"]
        wsum += weights[c["name"]]
    assert seen == by_rule, (d["path"], seen, by_rule)
    assert d["score"] == int(total / wsum + 0.5), (d["path"], d["score"])
    errors = any(f["severity"] == "error" for f in d["findings"])
    want = "fail" if errors or d["score"] < 75 else \
        "warn" if d["score"] < 90 else "pass"
    assert d["verdict"] == want, (d["path"], d["verdict"], want)'

# ... and the text output shows the same breakdown.
run check "$PD/long-pr.md"
expect_status 0
expect_out '^tests/data/prfaq/long-pr\.md: score 8[0-9]/100, verdict warn: '
expect_out '^  structure 70/100: -30 prfaq\.pr-length \(1 finding\)$'
expect_out '^  customer 100/100$'

# --- prfaq replaces plain's look-alikes without losing a finding -------
run check --pack rules/plain --format json "$PD/plain-words.md"
cp "$OUT" "$TMP/plain.json"
run check --format json "$PD/plain-words.md"
expect_py '
plain = json.load(open(sys.argv[1].rsplit("/", 1)[0] + "/plain.json"))
pairs = {"plain.hype": "prfaq.buzzwords",
         "plain.weasel-words": "prfaq.weasel-words",
         "plain.passive-voice": "prfaq.passive-voice",
         "plain.sentence-length": "prfaq.sentence-length"}
got = {(f["rule"], f["offset"], f["length"])
       for f in doc["documents"][0]["findings"]}
n = 0
for f in plain["documents"][0]["findings"]:
    if f["rule"] in pairs:
        n += 1
        assert (pairs[f["rule"]], f["offset"], f["length"]) in got, f
assert n >= 30, n
assert not any(r in pairs for r, _, _ in got), "a plain rule is still on"'

# --- the readability plugin loads through redlined too ------------------
if [ -n "$REDLINED" ]; then
	SOCK="ipc://$TMP/prfaq.sock"
	"$REDLINED" --listen "$SOCK" --packs-path rules --workers 1 \
		>"$TMP/daemon.out" 2>"$TMP/daemon.err" &
	DAEMON=$!
	for _ in $(seq 100); do
		run check --connect "$SOCK" --pack plain "$PD/complete.md"
		[ "$STATUS" -ne 3 ] && break
		kill -0 "$DAEMON" 2>/dev/null || break
		sleep 0.1
	done
	for pack in plain prfaq; do
		run check --pack "$pack" --format json "$PD/hype-draft.md"
		cp "$OUT" "$TMP/local.json"
		run check --connect "$SOCK" --pack "$pack" --format json \
			"$PD/hype-draft.md"
		if cmp -s "$OUT" "$TMP/local.json"; then
			ok
		else
			bad "--connect --pack $pack differs from the embedded engine"
		fi
	done
	expect_out 'prfaq\.dateline'
	run check --connect "$SOCK" --pack plain --format line \
		tests/data/prfaq/plain-words.md
	expect_out ':plain\.readability:'
	kill "$DAEMON"
	wait "$DAEMON" 2>/dev/null
fi

# --- the README's pack-writing examples work as written ------------------
# The Lua rule (team.tbd) and the team pack that extends prfaq.
python3 - "$TMP" <<'EOF'
import os, re, sys
readme = open("README.md").read()
lua = re.search(r"```lua\n(-- rules/team/tbd\.lua.*?)```", readme, re.S)
team = re.search(r"```yaml\n(# pack\.yaml of a team's pack\n.*?)```", readme,
                 re.S)
os.makedirs(sys.argv[1] + "/team")
os.makedirs(sys.argv[1] + "/payments")
open(sys.argv[1] + "/team/pack.yaml", "w").write("name: team\n")
open(sys.argv[1] + "/team/tbd.lua", "w").write(lua.group(1) if lua else "")
open(sys.argv[1] + "/payments/pack.yaml", "w").write(
    team.group(1) if team else "")
EOF
printf '# Lantern\n\n## Press Release\n\nHolds last TBD hours.\n\n## FAQ\n\nTBD.\n' \
	>"$TMP/tbd.md"
run check --pack "$TMP/team" --format line "$TMP/tbd.md"
expect_status 0
expect_out "tbd\.md:5:12:team\.tbd:Replace 'TBD' with what the customer gets\.$"
expect_no_out ':9:'
run check --pack "$TMP/payments" --format json "$PD/complete.md"
expect_status 0
expect_py '
d = doc["documents"][0]
assert d["packs"][0]["name"] == "payments-prfaq", d["packs"]
assert d["verdict"] == "pass", d["verdict"]'

# --- the real PR/FAQs beside the repository: no rule fails on any ------
if [ -d "$SHARED/corpus/prfaq" ]; then
	run check --format json "$SHARED"/corpus/prfaq/*.md
	expect_py '
assert len(doc["documents"]) >= 10
for d in doc["documents"]:
    assert not d["rule_errors"], (d["path"], d["rule_errors"])'
fi

finish
