#!/bin/sh
# Removes what tools/install.sh wrote under PREFIX (its list of files), then
# the folders it created when they are empty.
# Usage: tools/uninstall.sh PREFIX   (make uninstall PREFIX=...)
set -eu
dest=${DESTDIR:-}$1
list="$dest/share/boundcheck/installed.txt"
if [ ! -f "$list" ]; then
  echo "uninstall: nothing installed under $dest (no $list)" >&2
  exit 1
fi
n=0
while IFS= read -r f; do
  [ "$f" = "$list" ] && continue
  rm -f "$f" && n=$((n + 1))
done < "$list"
rm -f "$list"
for d in share/boundcheck include/boundcheck/src/core include/boundcheck/src/algorithms \
         include/boundcheck/src/bounds include/boundcheck/src/kernels include/boundcheck/src/problems \
         include/boundcheck/src include/boundcheck/proofs_checks include/boundcheck; do
  rmdir "$dest/$d" 2> /dev/null || true
done
echo "removed $n files from $dest"
