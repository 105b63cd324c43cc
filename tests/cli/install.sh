#!/bin/sh
# make install / uninstall: into a temporary prefix, the programs run, their
# man pages render, a C program builds against the installed headers and
# pkg-config file and runs a check through the library; uninstall removes
# every file install wrote.
# Usage: BIN=bin BUILD=build sh tests/cli/install.sh
set -u
BIN=${BIN:-bin}
BUILD=${BUILD:-build}
TMP=$(mktemp -d /tmp/bc_inst.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
P="$TMP/prefix"
mkdir -p "$TMP/bins" && cp "$BIN"/boundcheck "$BIN"/check_* "$BIN"/sgr_eps "$TMP/bins/"
sh tools/install.sh "$P" "$TMP/bins" "$BUILD" > /dev/null && ok || bad "install"
"$P/bin/check_sgr_thm3_3" --quick --quiet; [ $? -eq 0 ] && ok || bad "an installed check runs"
[ -s "$P/share/man/man1/boundcheck.1" ] && grep -q '^usage: boundcheck' "$P/share/man/man1/boundcheck.1" \
  && ok || bad "the man page holds --help"
cat > "$TMP/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "proofs_checks/api.h"
int main(void)
{
    int code = -1;
    char *s = bc_api_run("sgr.lemma_c2", "K=4", 8, 1, 1, &code);
    int good = s != NULL && strstr(s, "\"verdict\":\"HOLDS\"") != NULL && code == 0;
    bc_api_free(s);
    puts(good ? "ok" : "bad");
    return good ? 0 : 1;
}
C
if PKG_CONFIG_PATH="$P/lib/pkgconfig" cc -o "$TMP/use" "$TMP/use.c" \
     $(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs boundcheck) 2> "$TMP/cc.err"; then
  LD_LIBRARY_PATH="$P/lib" "$TMP/use" > /dev/null && ok || bad "a program linked against the installed library"
else
  bad "building against the installed headers: $(head -3 "$TMP/cc.err")"
fi
sh tools/uninstall.sh "$P" > /dev/null && ok || bad "uninstall"
left=$(find "$P" -type f | wc -l)
[ "$left" -eq 0 ] && ok || bad "uninstall left $left files"
echo "install tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
