#!/usr/bin/env bash
# cmake --install into a DESTDIR: library with SONAME and only public
# symbols, headers, oomkit.pc usable by pkg-config, commands, man pages and
# completions; a program builds against the installed copy and runs.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dest=$tmp/stage
DESTDIR=$dest cmake --install "$OOMKIT_BUILD_DIR" --prefix /usr >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "cmake --install"; finish; }
libdir=$(cd "$dest/usr" && ls -d lib*/ lib/*-linux-gnu 2>/dev/null | while read -r d; do [[ -e $dest/usr/$d/liboomkit.so ]] && echo "${d%/}"; done | head -1)
check "liboomkit.so installed" test -n "$libdir"
lib=$dest/usr/$libdir
check "SONAME is liboomkit.so.0" bash -c "readelf -d '$lib/liboomkit.so' | grep -q 'SONAME.*\[liboomkit.so.0\]'"
check "liboomkit.so.0 link" test -e "$lib/liboomkit.so.0"
check "only oomkit_ symbols exported" bash -c "! nm -D --defined-only '$lib/liboomkit.so' | awk '\$2 ~ /[TDBR]/ {print \$3}' | grep -v '^oomkit_[a-z]' | grep -q ."
check "no internal oomkit__ symbols exported" bash -c "! nm -D --defined-only '$lib/liboomkit.so' | grep -q ' oomkit__'"
for h in oomkit.h common.h ctx.h proc.h sysmem.h memcg.h domain.h version.h context.h explain.h; do
	check "header oomkit/$h" test -f "$dest/usr/include/oomkit/$h"
done
# the ABI is what the headers declare: every OOMKIT_EXPORT function is
# exported, nothing else is, and oomkit.h includes every header
inc=$dest/usr/include/oomkit
nm -D --defined-only "$lib/liboomkit.so" | awk '$2 == "T" {sub(/@.*/, "", $3); print $3}' |
	sort >"$tmp/exported"
python3 - "$inc" >"$tmp/declared" <<'PY'
import re, sys, glob
names = set()
for h in glob.glob(sys.argv[1] + "/*.h"):
    text = re.sub(r"/\*.*?\*/", "", open(h).read(), flags=re.S)
    for m in re.finditer(r"OOMKIT_EXPORT\b[^;(]*?\b(oomkit_\w+)\s*\(", text):
        names.add(m.group(1))
print("\n".join(sorted(names)))
PY
check "exported symbols are the functions the headers declare ($(wc -l <"$tmp/declared"))" \
	diff "$tmp/declared" "$tmp/exported"
for h in "$inc"/*.h; do
	h=${h##*/}
	[[ $h == oomkit.h ]] && continue
	check "oomkit.h includes oomkit/$h" grep -q "^#include <oomkit/$h>" "$inc/oomkit.h"
done
check "oomkit.pc" test -f "$lib/pkgconfig/oomkit.pc"
check "oomtop installed" test -x "$dest/usr/bin/oomtop"
check "oomtop.1 installed" test -f "$dest/usr/share/man/man1/oomtop.1"
check "bash completion" test -f "$dest/usr/share/bash-completion/completions/oomtop"
check "zsh completion" test -f "$dest/usr/share/zsh/vendor-completions/_oomtop"
check "fish completion" test -f "$dest/usr/share/fish/vendor_completions.d/oomtop.fish"
check "oomwhy installed" test -x "$dest/usr/bin/oomwhy"
check "oomwhy.1 installed" test -f "$dest/usr/share/man/man1/oomwhy.1"
check "oomwhy completions" test -f "$dest/usr/share/bash-completion/completions/oomwhy" -a \
	-f "$dest/usr/share/zsh/vendor-completions/_oomwhy" -a \
	-f "$dest/usr/share/fish/vendor_completions.d/oomwhy.fish"
# a consumer program through pkg-config, against the staged copy
cat >"$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <oomkit/oomkit.h>
int main(void)
{
	struct oomkit_ctx *ctx;
	struct oomkit_sysmem *mem;
	if (oomkit_ctx_new(&ctx) < 0 || oomkit_sysmem_read(ctx, &mem) < 0)
		return 1;
	printf("%llu\n", oomkit_sysmem_totalpages(mem, oomkit_ctx_page_size(ctx)));
	oomkit_sysmem_free(mem);
	oomkit_ctx_free(ctx);
	return 0;
}
C
export PKG_CONFIG_PATH=$lib/pkgconfig
flags=$(pkg-config --cflags --libs oomkit 2>"$tmp/pcerr")
check "pkg-config --cflags --libs oomkit" test -n "$flags"
check "consumer compiles against installed headers" cc -std=c11 -Wall -Werror "$tmp/consumer.c" -o "$tmp/consumer" $flags
want=$(awk '/^MemTotal/ {m=$2} /^SwapTotal/ {s=$2} END {print int((m+s)/4)}' /proc/meminfo)
check "consumer runs and computes totalpages" test "$(LD_LIBRARY_PATH=$lib "$tmp/consumer")" = "$want"
finish
