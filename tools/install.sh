#!/bin/sh
# Installs boundcheck under a prefix: the programs, the libraries, the
# headers, a pkg-config file and a man page per program (written from its
# --help); lists every file it wrote in PREFIX/share/boundcheck/installed.txt
# for tools/uninstall.sh.
# Usage: tools/install.sh PREFIX BIN_DIR BUILD_DIR   (make install PREFIX=...)
set -eu
prefix=$1 bin=$2 build=$3
dest=${DESTDIR:-}$prefix
list="$dest/share/boundcheck/installed.txt"
mkdir -p "$dest/bin" "$dest/lib/pkgconfig" "$dest/include/boundcheck" "$dest/share/man/man1" \
         "$dest/share/boundcheck"
: > "$list.new"
put() {  # put MODE SRC DST
  install -m "$1" "$2" "$3"
  echo "$3" >> "$list.new"
}
for b in "$bin"/*; do
  [ -f "$b" ] && [ -x "$b" ] || continue
  n=$(basename "$b")
  put 755 "$b" "$dest/bin/$n"
  # a man page from --help: NAME, SYNOPSIS (its usage line), DESCRIPTION
  man="$dest/share/man/man1/$n.1"
  {
    echo ".TH $(echo "$n" | tr a-z A-Z) 1 \"$(date +%Y-%m-%d)\" \"boundcheck\" \"boundcheck\""
    echo ".SH NAME"
    echo "$n \\- part of boundcheck, which checks published convergence bounds against measurements"
    echo ".SH DESCRIPTION"
    echo ".nf"
    "$b" --help 2>&1 | sed 's/\\/\\\\/g; s/^\./\\\&./'
    echo ".fi"
    echo ".SH SEE ALSO"
    echo "boundcheck(1); the README and docs/ of the source tree"
  } > "$man"
  echo "$man" >> "$list.new"
done
for l in "$build/libboundcheck.a" "$build/libboundcheck.so"; do
  [ -f "$l" ] && put 644 "$l" "$dest/lib/$(basename "$l")"
done
for h in src/core/*.h src/app/*.h src/algorithms/*.h src/bounds/*.h src/kernels/*.h src/problems/*.h \
         proofs_checks/checks.h proofs_checks/api.h; do
  d="$dest/include/boundcheck/$(dirname "$h")"
  mkdir -p "$d"
  put 644 "$h" "$d/$(basename "$h")"
done
pc="$dest/lib/pkgconfig/boundcheck.pc"
libs_private=$(pkg-config --libs lapacke libcjson zlib gsl 2>/dev/null | tr -s ' ')
mvec=$(printf 'int main(void){return 0;}' | ${CC:-cc} -x c - -lmvec -o /dev/null 2>/dev/null && echo -lmvec)
cat > "$pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include/boundcheck

Name: boundcheck
Description: checks published convergence bounds of neural-network optimisation against measurements
Version: 0.1.0
Cflags: -I\${includedir} -fopenmp
Libs: -L\${libdir} -lboundcheck -fopenmp
Libs.private: $libs_private $mvec -lm
PC
echo "$pc" >> "$list.new"
echo "$list" >> "$list.new"
mv "$list.new" "$list"
echo "installed $(wc -l < "$list") files under $dest (list: $list)"
