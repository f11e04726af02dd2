# formats.sh - json shape, line format, text format with its caret,
# standard input, folder walking and --min-level.
. "$(dirname "$0")/lib.sh"

E2E=(--packs-path "$PACKS" --pack E2E)

# --- json ---------------------------------------------------------------
run check "${E2E[@]}" --format json "$DATA/hype.md"
expect_status 1
expect_py '
assert doc["redline"] == "0.1.0", doc["redline"]
assert len(doc["documents"]) == 1
d = doc["documents"][0]
for k in ("path", "sha256", "format", "packs", "score", "verdict",
          "categories", "rule_errors", "findings"):
    assert k in d, k
assert d["path"] == "tests/data/e2e/hype.md"
src = open(d["path"], "rb").read()
assert d["sha256"] == hashlib.sha256(src).hexdigest()
assert d["format"] == "markdown"
assert [p["name"] for p in d["packs"]] == ["E2E"], d["packs"]
assert all(set(p) >= {"name", "version", "digest"} for p in d["packs"])
assert isinstance(d["score"], int) and 0 <= d["score"] <= 100
assert d["verdict"] in ("pass", "warn", "fail")
for c in d["categories"]:
    assert set(c) >= {"name", "score", "deductions"}, c
    for x in c["deductions"]:
        assert set(x) >= {"rule", "count", "points"}, x
assert d["rule_errors"] == []
assert len(d["findings"]) == 1, d["findings"]
f = d["findings"][0]
keys = {"rule", "severity", "message", "line", "column", "end_line",
        "end_column", "offset", "length", "match", "section", "category",
        "suggestions"}
assert set(f) >= keys, set(f) ^ keys
assert f["rule"] == "E2E.Hype"
assert f["severity"] == "error"
assert f["match"] == "world-class"
assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (3, 5, 3, 15), f
assert f["offset"] == src.index(b"world-class") and f["length"] == 11, f
assert f["section"] == "Title"
assert "world-class" in f["message"]
assert isinstance(f["suggestions"], list)'

# Several documents: one JSON object, documents in argument order.
run check "${E2E[@]}" --format json "$DATA/vague.md" "$DATA/clean.md"
expect_status 0
expect_py '
assert [d["path"] for d in doc["documents"]] == [
    "tests/data/e2e/vague.md", "tests/data/e2e/clean.md"]
assert doc["documents"][1]["findings"] == []'

# --- line ---------------------------------------------------------------
run check "${E2E[@]}" --format line "$DATA/levels.md"
expect_status 1
expect_out '^tests/data/e2e/levels\.md:3:1:E2E\.Filler:.*Basically'
expect_out '^tests/data/e2e/levels\.md:3:16:E2E\.Hype:.*world-class'
expect_out '^tests/data/e2e/levels\.md:3:39:E2E\.Vague:.*very'
if [ "$(grep -c . "$OUT")" -eq 3 ]; then ok; else bad "3 lines expected"; fi

# --- text ---------------------------------------------------------------
run check "${E2E[@]}" --format text "$DATA/hype.md"
expect_status 1
expect_out 'world-class'
expect_out 'E2E\.Hype'
expect_no_out $'\033' # not a terminal: no colour
# The caret sits under the first character of the match.
if python3 - "$OUT" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
for i, l in enumerate(lines[:-1]):
    at = l.find("Our world-class service is fast.")
    if at >= 0 and "^" in lines[i + 1]:
        assert lines[i + 1].index("^") == at + 4, (l, lines[i + 1])
        sys.exit(0)
sys.exit("no source line followed by a caret")
PY
then ok; else bad "caret"; fi

run check "${E2E[@]}" --color "$DATA/hype.md"
expect_out $'\033\\['
NO_COLOR=1 run check "${E2E[@]}" "$DATA/hype.md"
expect_no_out $'\033'

# --- standard input -----------------------------------------------------
LAST="redline check --format json - < hype.md"
"$REDLINE" check "${E2E[@]}" --format json - <"$DATA/hype.md" \
	>"$OUT" 2>"$ERR"
STATUS=$?
expect_status 1
expect_py '
d = doc["documents"][0]
assert d["path"] == "-", d["path"]
assert d["findings"][0]["rule"] == "E2E.Hype"
assert d["findings"][0]["line"] == 3'

# --- folders ------------------------------------------------------------
run check "${E2E[@]}" --format json "$DATA/tree/"
expect_status 0
expect_py '
paths = [d["path"] for d in doc["documents"]]
want = ["tests/data/e2e/tree/Z.md", "tests/data/e2e/tree/a.md",
        "tests/data/e2e/tree/b.txt", "tests/data/e2e/tree/c.markdown",
        "tests/data/e2e/tree/sub/d.md"]
assert paths == want, paths
assert doc["documents"][2]["format"] == "text", doc["documents"][2]["format"]
assert all(len(d["findings"]) == 1 for d in doc["documents"])'

# An explicitly named file is reviewed whatever its extension.
run check "${E2E[@]}" --format line "$DATA/tree/skip.rst"
expect_out '^tests/data/e2e/tree/skip\.rst:1:1:E2E\.Filler:'

# --- --min-level --------------------------------------------------------
run check "${E2E[@]}" --format json "$DATA/levels.md"
cp "$OUT" "$TMP/all.json"
run check "${E2E[@]}" --format json --min-level warning "$DATA/levels.md"
expect_status 1
expect_py '
full = json.load(open(sys.argv[1].rsplit("/", 1)[0] + "/all.json"))
d, a = doc["documents"][0], full["documents"][0]
assert sorted(f["rule"] for f in a["findings"]) == [
    "E2E.Filler", "E2E.Hype", "E2E.Vague"]
assert [f["rule"] for f in d["findings"]] == ["E2E.Hype", "E2E.Vague"]
assert d["score"] == a["score"], (d["score"], a["score"])'
run check "${E2E[@]}" --format line --min-level error "$DATA/levels.md"
expect_status 1
expect_out 'E2E\.Hype'
expect_no_out 'E2E\.(Vague|Filler)'

# --- in-document switches ----------------------------------------------
run check "${E2E[@]}" --format line "$DATA/switches.md"
expect_status 1
expect_out '^tests/data/e2e/switches\.md:8:28:E2E\.Vague:'
expect_out '^tests/data/e2e/switches\.md:11:3:E2E\.Hype:'
if [ "$(grep -c . "$OUT")" -eq 2 ]; then ok; else bad "2 lines expected"; fi

# Every format runs on the same input and exits the same way.
for fmt in text json line sarif junit codequality; do
	run check "${E2E[@]}" --format "$fmt" "$DATA/hype.md" "$DATA/clean.md"
	expect_status 1
	expect_out '.'
done

finish
