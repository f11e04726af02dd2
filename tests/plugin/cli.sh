# cli.sh - plugins through the programs: `redline check --plugin` and
# `--plugins-path`, refusals (exit 2, one message naming the file and the
# reason), a plugin format in folder walks, a plugin output format, and
# `redlined --plugin` (a refused plugin is logged and the daemon runs on).
#     bash tests/plugin/cli.sh REDLINE REDLINED FIXTURE_DIR
# Uses the helpers of the end-to-end tests.
. "$(dirname "$0")/../e2e/lib.sh"

REDLINED=${2:?usage: $0 REDLINE REDLINED FIXTURE_DIR}
FX=${3:?usage: $0 REDLINE REDLINED FIXTURE_DIR}
PD=tests/plugin/data
unset REDLINE_PLUGINS_PATH

# Refusals: exit 2 and one line naming the file and the reason.
run check --plugin "$FX/badabi.so" --pack "$PD/packs/twin" "$PD/twin/prfaq.md"
expect_status 2
expect_err "badabi.so: plugin 'badabi' was built for plugin ABI version 99; .* loads plugin ABI version 1"
run check --plugin "$FX/noentry.so" "$PD/twin/prfaq.md"
expect_status 2
expect_err "noentry.so: not a Redline plugin: it exports no 'rl_plugin_entry' symbol"
run check --plugins-path "$FX" --plugin failinit "$PD/twin/prfaq.md"
expect_status 2
expect_err "failinit.so: plugin 'failinit' init failed: licence file"
run check --plugins-path "$FX" --plugin clash "$PD/twin/prfaq.md"
expect_status 2
expect_err "clash.so: .*rule kind 'existence' clashes with the built-in"
run check --plugin no-such-plugin "$PD/twin/prfaq.md"
expect_status 2
expect_err "no-such-plugin.*not in the plugin search path"
expect_no_out "."

# The html plugin by name: folders are walked for .html too, and each
# twin gets the same findings (rule and message) as the Markdown.
run check --plugin html --pack "$PD/packs/twin" --format json "$PD/twin"
expect_status 1
expect_py '
docs = {d["path"].rsplit("/", 1)[-1]: d for d in doc["documents"]}
assert sorted(docs) == ["prfaq-confluence.html", "prfaq.html", "prfaq.md"], docs
key = lambda d: [(f["rule"], f["message"], f["section"]) for f in d["findings"]]
assert key(docs["prfaq.md"]) == key(docs["prfaq.html"]) == key(docs["prfaq-confluence.html"])
assert docs["prfaq.html"]["format"] == "html"
assert len(docs["prfaq.md"]["findings"]) == 12
'
# Without the plugin, the folder walk leaves .html alone.
run check --pack "$PD/packs/fixpack" --plugins-path "$FX" --format json "$PD/twin"
expect_py 'assert [d["path"][-3:] for d in doc["documents"]] == [".md"]'

# A plugin output format, and a pack that loads its plugin by name.
run check --plugins-path "$FX" --plugin good --format fixture-out \
	--pack "$PD/packs/fixpack" "$PD/doc.fix"
expect_status 0
expect_out "^$PD/doc.fix: 3 findings$"
expect_out "^end$"

# The daemon: the good plugin serves, the refused one is logged.
SOCK="ipc://$TMP/plugins.sock"
"$REDLINED" --listen "$SOCK" --workers 1 --packs-path "$PD/packs" \
	--plugin html --plugin "$FX/badabi.so" \
	>"$TMP/daemon.out" 2>"$TMP/daemon.err" &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
	run check --connect "$SOCK" --pack twin --format line "$PD/twin/prfaq.html"
	[ "$STATUS" -ne 3 ] && break
	kill -0 "$DAEMON" 2>/dev/null || break
	sleep 0.1
done
expect_status 1
expect_out "prfaq.html:25:14:twin.QuoteWord:"
if grep -q "badabi.so refused, running without it: .*ABI version 99" \
	"$TMP/daemon.err"; then ok; else bad "daemon log lacks the refusal"; fi
kill "$DAEMON"
wait "$DAEMON" 2>/dev/null

finish
