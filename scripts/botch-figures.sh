#!/usr/bin/env bash
# Run botch (the Debian bootstrap toolchain, `apt-get install botch`) on the
# same archive indexes that strap imports, and extract the figures that
# docs/debian.md sets beside strap's.  Not run by CI: botch-native takes
# about half an hour on a 2-core machine.
#
# Usage:
#   scripts/botch-figures.sh run       # run botch-native (long; use nohup … &)
#   scripts/botch-figures.sh figures   # print the figures of a finished run as JSON
#   scripts/botch-figures.sh all       # both
#
# Environment: ARCH (default amd64), DATA (default .cache/debian, holding
# Sources and Packages from scripts/fetch-debian.sh), OUT (default
# $DATA/botch).  The run writes $OUT/native.log, $OUT/native.rc, the botch
# outputs (buildgraph.xml, srcgraph.xml, stats.json, feedback_vertex_set.list,
# remove.list, order1.lst, order2.lst, …) and $OUT/tmp (kept intermediate
# files: the "available" set and the list of sources left to compile).
# `figures` writes $OUT/figures.json.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ARCH="${ARCH:-amd64}"
DATA="${DATA:-$ROOT/.cache/debian}"
OUT="${OUT:-$DATA/botch}"
MODE="${1:-all}"

need() { command -v "$1" >/dev/null || { echo "botch-figures: $1 not found (apt-get install botch)" >&2; exit 2; }; }

run_native() {
  need botch-native
  [ -s "$DATA/Sources" ] && [ -s "$DATA/Packages" ] || {
    echo "botch-figures: $DATA/Sources or Packages missing; run scripts/fetch-debian.sh" >&2; exit 2; }
  mkdir -p "$OUT"
  rm -rf "$OUT/tmp"; mkdir -p "$OUT/tmp"
  rm -f "$OUT/native.rc"
  echo "botch-figures: botch-native $ARCH (log: $OUT/native.log)" >&2
  local timecmd=()
  [ -x /usr/bin/time ] && timecmd=(/usr/bin/time -v -o "$OUT/native.time")
  set +e
  # -T: time every step; -t: keep the intermediate files in $OUT/tmp.
  "${timecmd[@]}" botch-native -T -t "$OUT/tmp" -o "$OUT" \
    "$ARCH" "$DATA/Packages" "$DATA/Sources" >"$OUT/native.out" 2>"$OUT/native.log"
  local rc=$?
  set -e
  echo "$rc" > "$OUT/native.rc"
  echo "botch-figures: botch-native exited $rc" >&2
  return "$rc"
}

figures() {
  need python3
  [ -s "$OUT/srcgraph.xml" ] || { echo "botch-figures: $OUT/srcgraph.xml missing; run '$0 run' first" >&2; exit 2; }
  python3 "$ROOT/scripts/botch-figures.py" "$OUT" "$DATA" | tee "$OUT/figures.json"
}

case "$MODE" in
  run) run_native ;;
  figures) figures ;;
  all) run_native; figures ;;
  *) echo "usage: $0 run|figures|all" >&2; exit 2 ;;
esac
