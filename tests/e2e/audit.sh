# audit.sh - `redline audit`: summary, CSV, HTML report, team and year,
# the cache, exit statuses.  Builds a small archive in a temporary folder
# from docs/examples/ and documents written here.
. "$(dirname "$0")/lib.sh"

# Nothing of the user's cache: the default cache goes here.
export XDG_CACHE_HOME=$TMP/xdg
ARCH=$TMP/archive
CACHE=$TMP/audit.cache
mkdir -p "$ARCH/payments/2019" "$ARCH/search" "$ARCH/.hidden"

# payments/2019: team and year from the path.
cp docs/examples/rota-swap-prfaq.md "$ARCH/payments/2019/rota-swap.md"
cp docs/examples/rota-swap-weak-draft.md "$ARCH/payments/2019/weak.md"
# search/fm.md: team and year from the front matter, over the path's.
cat >"$ARCH/search/fm.md" <<'DOC'
---
title: Faster search
team: Growth, "EU"
date: 2017-05-02
---
# Faster search

Our world-class search is very fast.
DOC
# search/plain.md: team from the path, year from the modification time.
printf '# Notes\n\nThe index is rebuilt every night.\n' >"$ARCH/search/plain.md"
touch -d '2013-06-01 12:00' "$ARCH/search/plain.md"
# A name HTML must escape, directly in the archive: team "-".
printf '# Bold\n\nA <b>plain</b> note.\n' >"$ARCH/x<b>y.md"
touch -d '2012-03-03 12:00' "$ARCH/x<b>y.md"
# year: in the front matter, from `created` when `date` has none.
printf -- '---\ndate: soon\ncreated: 2015\n---\n# Later\n\nText.\n' \
	>"$ARCH/search/created.md"
# year from a date in the name; a number that only looks like a year
# (RFC 2005) is not one, so the modification time gives it.
printf '# Launch\n\nWe ship.\n' >"$ARCH/search/2018-04-09-launch.md"
printf '# Match\n\nErgonomics.\n' >"$ARCH/search/2005-match-ergonomics.md"
touch -d '2014-02-02 12:00' "$ARCH/search/2005-match-ergonomics.md"
# Hidden files and folders are skipped, as by check.
cp docs/examples/rota-swap-prfaq.md "$ARCH/.hidden/skip.md"
N=8

AUDIT=(audit --cache "$CACHE")

# --- the summary -----------------------------------------------------------
run "${AUDIT[@]}" --csv "$TMP/a.csv" --report "$TMP/a.html" "$ARCH"
expect_status 1 # the weak draft fails
expect_out "^Documents: $N \\($N reviewed, 0 from the cache\\)$"
expect_no_err '.' # no progress when stderr is not a terminal
cp "$OUT" "$TMP/summary"
# The verdicts and scores are those check gives.
"$REDLINE" check --format json "$ARCH" >"$TMP/check.json"
if python3 - "$TMP/check.json" "$TMP/summary" <<'PY'; then ok; else bad "summary differs from check"; fi
import json, sys, statistics
docs = json.load(open(sys.argv[1]))["documents"]
out = open(sys.argv[2]).read()
v = [d["verdict"] for d in docs]
line = "Verdicts: %d pass, %d warn, %d fail" % (v.count("pass"), v.count("warn"), v.count("fail"))
assert line in out, (line, out)
s = sorted(d["score"] for d in docs)
med = statistics.median(s)
med = "%d" % med if med == int(med) else "%.1f" % med
line = "Score: min %d, median %s, mean %.1f, max %d" % (s[0], med, sum(s) / len(s), s[-1])
assert line in out, (line, out)
assert "By team" in out and "By year" in out and "Rules with the most findings" in out
PY
expect_out '^  payments +2 '
expect_out '^  Growth, "EU" +1 '
expect_out '^  search +4 '
expect_out '^  - +1 '
expect_out '^  2019 +2 '

# --- CSV ---------------------------------------------------------------------
if python3 - "$TMP/a.csv" "$TMP/check.json" "$ARCH" <<'PY'; then ok; else bad "CSV check failed"; fi
import csv, json, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n"), "RFC 4180 line ends"
rows = list(csv.reader(raw.splitlines()))
head = rows[0]
assert head[:11] == ["path", "team", "year", "score", "verdict", "errors",
    "warnings", "suggestions", "rule_errors", "findings", "sha256"], head
assert head[11:] == ["score_structure", "score_customer", "score_clarity",
    "score_evidence"], head
docs = {d["path"]: d for d in json.load(open(sys.argv[2]))["documents"]}
body = [dict(zip(head, r)) for r in rows[1:]]
assert [r["path"] for r in body] == sorted(docs), [r["path"] for r in body]
a = sys.argv[3]
want = {
    a + "/payments/2019/rota-swap.md": ("payments", "2019"),
    a + "/payments/2019/weak.md": ("payments", "2019"),
    a + "/search/fm.md": ('Growth, "EU"', "2017"),
    a + "/search/plain.md": ("search", "2013"),
    a + "/search/created.md": ("search", "2015"),
    a + "/search/2018-04-09-launch.md": ("search", "2018"),
    a + "/search/2005-match-ergonomics.md": ("search", "2014"),
    a + "/x<b>y.md": ("-", "2012"),
}
for r in body:
    d = docs[r["path"]]
    assert (r["team"], r["year"]) == want[r["path"]], (r, want[r["path"]])
    assert int(r["score"]) == d["score"], (r, d["score"])
    assert r["verdict"] == d["verdict"] and r["sha256"] == d["sha256"], r
    lv = [f["severity"] for f in d["findings"]]
    assert (int(r["errors"]), int(r["warnings"]), int(r["suggestions"])) == \
        (lv.count("error"), lv.count("warning"), lv.count("suggestion")), r
    assert int(r["findings"]) == len(lv) and r["rule_errors"] == "0", r
    for c in d["categories"]:
        assert int(r["score_" + c["name"]]) == c["score"], (r, c)
PY
grep -q '^[^,]*,"Growth, ""EU""",2017,' "$TMP/a.csv" && ok || bad "CSV quoting"

# --jobs does not change any output.
run audit --no-cache --jobs 1 --csv "$TMP/j1.csv" --report "$TMP/j1.html" "$ARCH"
cp "$OUT" "$TMP/j1.out"
run audit --no-cache --jobs 4 --csv "$TMP/j4.csv" --report "$TMP/j4.html" "$ARCH"
cmp -s "$TMP/j1.csv" "$TMP/j4.csv" && ok || bad "--jobs 1 and 4 CSV differ"
cmp -s "$TMP/j1.html" "$TMP/j4.html" && ok || bad "--jobs 1 and 4 HTML differ"
cmp -s "$TMP/j1.out" "$OUT" && ok || bad "--jobs 1 and 4 summaries differ"
cmp -s "$TMP/j1.csv" "$TMP/a.csv" && ok || bad "CSV differs from the first run"
run audit --no-cache --jobs 0 "$ARCH"
expect_status 2
expect_err 'jobs'

# --- HTML --------------------------------------------------------------------
if python3 - "$TMP/a.html" "$TMP/a.csv" <<'PY'; then ok; else bad "HTML check failed"; fi
import csv, html, re, sys
page = open(sys.argv[1]).read()
assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
assert "<b>" not in page, "an unescaped <b>"
assert "x&lt;b&gt;y.md" in page
assert "Growth, &quot;EU&quot;" in page
assert not re.search(r"<script|<link|src=|https?://", page), "external or script"
for h in ("Totals", "Score distribution", "By team", "By year",
          "Rules with the most findings", "Every document"):
    assert h in page, h
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
for r in rows:
    assert html.escape(r["path"], quote=True).replace("&#x27;", "&#39;") in page, r["path"]
# worst first
table = page[page.index("Every document"):]
cells = re.findall(r"<td class=n>(\d+)</td><td class=(?:pass|warn|fail)>", table)
scores = [int(c) for c in cells]
assert len(scores) == len(rows) and scores == sorted(scores), scores
PY

# --- the cache ---------------------------------------------------------------
run "${AUDIT[@]}" --csv "$TMP/b.csv" "$ARCH"
expect_status 1
expect_out "^Documents: $N \\(0 reviewed, $N from the cache\\)$"
cmp -s "$TMP/a.csv" "$TMP/b.csv" && ok || bad "CSV from the cache differs"
head -n 1 "$CACHE" | grep -qx 'redline-audit-cache 1' && ok || bad "cache header"

touch "$ARCH/search/fm.md"
run "${AUDIT[@]}" "$ARCH"
expect_out "^Documents: $N \\(1 reviewed, $((N - 1)) from the cache\\)$"
run "${AUDIT[@]}" "$ARCH"
expect_out "^Documents: $N \\(0 reviewed, $N from the cache\\)$"

# Other packs are other entries: nothing comes from the cache for them.
run "${AUDIT[@]}" --pack plain "$ARCH"
expect_out "^Documents: $N \\($N reviewed, 0 from the cache\\)$"
run "${AUDIT[@]}" --pack plain "$ARCH"
expect_out "^Documents: $N \\(0 reviewed, $N from the cache\\)$"

# The default cache file: $XDG_CACHE_HOME/redline/audit.cache.
run audit "$ARCH"
[ -s "$XDG_CACHE_HOME/redline/audit.cache" ] && ok || bad "no default cache"
run audit "$ARCH"
expect_out "^Documents: $N \\(0 reviewed, $N from the cache\\)$"
run audit --no-cache "$ARCH"
expect_out "^Documents: $N \\($N reviewed, 0 from the cache\\)$"

# A corrupt, truncated or foreign cache is ignored with a warning, then
# rewritten.
head -c 700 "$CACHE" >"$TMP/truncated"
for bad_cache in "$TMP/truncated" /dev/null; do
	cp "$bad_cache" "$TMP/c" 2>/dev/null || : >"$TMP/c"
	run audit --cache "$TMP/c" --csv "$TMP/c.csv" "$ARCH"
	expect_status 1
	expect_err "^$TMP/c:[0-9]+: warning: .*the cache is ignored"
	expect_out "^Documents: $N \\($N reviewed, 0 from the cache\\)$"
	cmp -s "$TMP/a.csv" "$TMP/c.csv" && ok || bad "CSV after a bad cache"
done
printf 'redline-audit-cache 1\ndoc\tx\n' >"$TMP/c"
run audit --cache "$TMP/c" "$ARCH"
expect_err 'warning: .*wrong number of fields'
printf 'redline-audit-cache 99\n' >"$TMP/c"
run audit --cache "$TMP/c" "$ARCH"
expect_err 'warning: written by another version'
head -c 3000 /dev/urandom >"$TMP/c"
run audit --cache "$TMP/c" "$ARCH"
expect_status 1
expect_err 'warning: '
run audit --cache "$TMP/c" "$ARCH"
expect_out "^Documents: $N \\(0 reviewed, $N from the cache\\)$"
expect_no_err '.'

# --- exit statuses -----------------------------------------------------------
# 0: nothing failed.
run audit --no-cache "$ARCH/payments/2019/rota-swap.md"
expect_status 0
expect_out '^Verdicts: 1 pass, 0 warn, 0 fail$'
run audit --no-cache --packs-path "$PACKS" --pack E2E "$DATA/clean.md" \
	"$DATA/hype.md"
expect_status 1

# 0: an empty folder.
mkdir -p "$TMP/empty"
run audit --cache "$TMP/empty.cache" --csv "$TMP/e.csv" --report "$TMP/e.html" \
	"$TMP/empty"
expect_status 0
expect_out '^Documents: 0 \(0 reviewed, 0 from the cache\)$'
[ "$(wc -l <"$TMP/e.csv")" -eq 1 ] && ok || bad "CSV of an empty folder"
grep -q '</html>' "$TMP/e.html" && ok || bad "HTML of an empty folder"

# 2: unreadable input, named on stderr; the others are still reported.
run audit --no-cache --csv "$TMP/u.csv" "$ARCH" "$TMP/missing.md"
expect_status 2
expect_err "^redline: $TMP/missing.md: No such file or directory$"
expect_out "^Documents: $N "
[ "$(wc -l <"$TMP/u.csv")" -eq $((N + 1)) ] && ok || bad "rows after a missing file"
if [ "$(id -u)" -ne 0 ]; then
	printf '# Secret\n' >"$ARCH/search/secret.md"
	chmod 000 "$ARCH/search/secret.md"
	run audit --no-cache --csv "$TMP/u.csv" "$ARCH"
	expect_status 2
	expect_err "^redline: $ARCH/search/secret.md: Permission denied$"
	expect_out "^Documents: $N \\($N reviewed, 0 from the cache\\)$"
	expect_out '^Not reviewed: 1 '
	rm -f "$ARCH/search/secret.md"
fi
if [ -r /proc/self/mem ]; then
	run audit --no-cache --csv "$TMP/u.csv" /proc/self/mem "$ARCH"
	expect_status 2
	expect_err '^redline: /proc/self/mem: '
	expect_out '^Not reviewed: 1 '
	[ "$(wc -l <"$TMP/u.csv")" -eq $((N + 1)) ] && ok || bad "rows after /proc/self/mem"
fi

# 2: a pack that does not load, named file:line:column; no output.
run audit --no-cache --pack "$BROKEN/BadYaml" "$ARCH"
expect_status 2
expect_err 'BadYaml/.*\.yml:[0-9]+:[0-9]+: '
expect_no_out '.'
run audit --no-cache --pack no-such-pack "$ARCH"
expect_status 2
expect_err 'no-such-pack'

# 2: a rule that fails; such documents are never taken from the cache.
run "${AUDIT[@]}" --pack "$DATA/lua-broken" "$DATA/hype.md"
expect_status 2
expect_err 'rule lua-broken\.boom failed'
run "${AUDIT[@]}" --pack "$DATA/lua-broken" "$DATA/hype.md"
expect_status 2
expect_out '^Documents: 1 \(1 reviewed, 0 from the cache\)$'

# 2: usage errors.
run audit
expect_status 2
run audit --no-cache -
expect_status 2
expect_err 'standard input'
run audit --help
expect_status 0
expect_out '--jobs N'
run --help
expect_out 'audit'

# Output files that cannot be written: exit 2 before any review.
run audit --no-cache --csv "$TMP/no/such/dir/a.csv" "$ARCH"
expect_status 2
expect_err "$TMP/no/such/dir/a.csv"

# --- progress on a terminal ----------------------------------------------------
if command -v script >/dev/null 2>&1; then
	LAST="script: redline audit on a terminal"
	script -qec "'$REDLINE' audit --no-cache --jobs 2 '$ARCH' >/dev/null" \
		/dev/null >"$ERR" 2>&1 </dev/null
	STATUS=$?
	expect_err "redline audit: $N/$N reviewed \\(0 from the cache\\), [0-9.]+ documents/s"
fi

# --- optional: the shared corpus ----------------------------------------------
CORPUS=../shared/corpus/prfaq
if [ -d "$CORPUS" ]; then
	n=$(find "$CORPUS" -type f \( -name '*.md' -o -name '*.markdown' \
		-o -name '*.txt' \) -not -path '*/.*' | wc -l)
	run audit --no-cache --csv "$TMP/corpus.csv" "$CORPUS"
	[ "$STATUS" -le 1 ] && ok || bad "audit of $CORPUS"
	expect_out "^Documents: $n \\($n reviewed, 0 from the cache\\)$"
	[ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline=""))))-1)' "$TMP/corpus.csv")" -eq "$n" ] \
		&& ok || bad "a CSV row per corpus document"
else
	echo "skip: $CORPUS not found"
fi

finish
