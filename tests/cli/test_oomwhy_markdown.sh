#!/usr/bin/env bash
# oomwhy --format=markdown on hostile names, rendered by a real GFM
# renderer (cmark-gfm with GitHub's extensions): process names and memcg
# paths holding mentions, URLs, www. names, e-mail addresses, ~~, $..$,
# HTML, links, images, emphasis, backticks and pipes must come out as
# text (in code spans), never as a link, a mention or markup, and must
# keep every byte. The reports follow the kernel's 6.8+ memcg format
# (tests/fixtures/hostile/README.md).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
OOMWHY=$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy
[[ -x $OOMWHY ]] || { echo "oomwhy not built"; exit 1; }
command -v cmark-gfm >/dev/null || skip "cmark-gfm not installed (run.sh installs it)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
log=$OOMKIT_SOURCE_DIR/tests/fixtures/hostile/markdown-names.log

"$OOMWHY" --all --format=markdown "$log" >"$tmp/md" 2>"$tmp/err"; rc=$?
check "markdown: exit 0" test $rc -eq 0
check "markdown: nothing on stderr" test ! -s "$tmp/err"
# --unsafe: raw HTML comes out as tags (GitHub keeps many), not hidden
cmark-gfm --unsafe -e table -e autolink -e strikethrough -e tagfilter -e tasklist \
	"$tmp/md" >"$tmp/html"
check "cmark-gfm renders it" test -s "$tmp/html"
# the names as oomlog reads them (escaped as oomwhy shows them)
"$OOMLOG" -J -o COMM,MEMCG "$log" >"$tmp/names.json"

python3 - "$tmp/html" "$tmp/names.json" <<'EOF' >"$tmp/check"
import html.parser, json, re, sys

ALLOWED = {"h2", "h3", "hr", "p", "ul", "li", "strong", "code",
           "table", "thead", "tbody", "tr", "th", "td"}
# the project's own bold labels: "When:", "Rebuilt ranking agrees with the kernel:"
LABEL = re.compile(r"[A-Z][a-z]*( [a-z]+)*:")
# text that no renderer or mention/reference/autolink filter acts on
PLAIN = re.compile(r"[A-Za-z0-9 \n.,;:()'\"/+=?%\u0080-\U0010ffff-]*")


class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.codes, self.bad, self.rows = [], [], [], []
        self.text, self.all = "", ""

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED or (attrs and tag not in ("th", "td")):
            self.bad.append("tag <%s %s>" % (tag, attrs))
        if tag == "tr":
            self.rows.append(0)
        if tag in ("td", "th"):
            self.rows[-1] += 1
        self.stack.append(tag)
        self.text = ""

    def handle_startendtag(self, tag, attrs):
        if tag not in ("hr", "br"):
            self.bad.append("tag <%s/>" % tag)

    def handle_endtag(self, tag):
        if tag == "code":
            self.codes.append(self.text)
        if tag == "strong" and not LABEL.fullmatch(self.text):
            self.bad.append("<strong> around %r" % self.text)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        self.text = ""

    def handle_data(self, data):
        self.text += data
        self.all += data
        if "code" not in self.stack and not PLAIN.fullmatch(data):
            self.bad.append("text outside code: %r" % data)

    def handle_comment(self, data):
        self.bad.append("comment %r" % data)


p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
for b in p.bad:
    print("FAIL:", b)
cells = set(p.rows)
print("table cells per row:", sorted(cells))
if cells != {9}:
    print("FAIL: a table row without its 9 cells")
codes = set(p.codes)
events = json.load(open(sys.argv[2]))["events"]
for e in events:
    # the title and the ranking table show the name alone
    if e["comm"] not in codes:
        print("FAIL: comm %r is not one code span" % e["comm"])
    # in a sentence, its last '.' ';' ')' may close the code span early
    if e["memcg"] and e["memcg"] not in p.all:
        print("FAIL: memcg %r is not in the rendered text" % e["memcg"])
print("events:", len(events))
print("code spans:", len(p.codes))
EOF
cat "$tmp/check"
check "rendered: no link, mention, markup or raw HTML from the names" \
	test "$(grep -c '^FAIL' "$tmp/check")" -eq 0
check "rendered: every event" test "$(grep -c '^<h2>' "$tmp/html")" -eq 10
check "rendered: names kept byte for byte in code spans" grep -q '^code spans: [1-9]' "$tmp/check"
finish
