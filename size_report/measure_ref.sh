#!/usr/bin/env bash
# usage: measure_ref.sh REF SIZE_REPORT_TOOL SIZES_FILE
# Builds git ref REF in a temporary worktree (`make all` only, into its own
# output directory) and measures the binaries it built into SIZES_FILE.
# Progress goes to stderr, since the build takes a while; the worktree is
# removed however the script ends.
set -euo pipefail
ref=$1 tool=$2 sizes=$3

commit=$(git rev-parse --verify --quiet "$ref^{commit}") || {
  echo "size-report: \"$ref\" is not a commit in this repository" >&2
  exit 2
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/size-report.XXXXXX")
cleanup() {
  git worktree remove --force "$tmp/tree" 2>/dev/null || true
  rm -rf "$tmp"
  git worktree prune
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "size-report: building $ref ($(git rev-parse --short "$commit")) in a temporary worktree" >&2
git worktree add --quiet --detach "$tmp/tree" "$commit"
start=$SECONDS
# Each target the base build starts is echoed as progress; the full log is
# shown only when the build fails.
if ! "${MAKE:-make}" -C "$tmp/tree" OUT="$tmp/out" all 2>&1 | tee "$tmp/build.log" |
    { grep --line-buffered '^  build ' || true; } | sed -u "s|^ *build *$tmp/out/|size-report:   base: |" >&2; then
  echo "size-report: building $ref failed:" >&2
  cat "$tmp/build.log" >&2
  exit 1
fi
echo "size-report: built $ref in $((SECONDS - start))s" >&2
"$tool" measure -o "$sizes" "$tmp/out"
