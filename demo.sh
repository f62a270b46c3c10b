#!/bin/sh
# The demo behind `make demo`: finalizes a launcher that starts a program
# through a runfiles manifest, the way a Bazel rule would, and runs it.
#   demo.sh OUT_DIR
set -eu
out=$(cd "$1" && pwd)
demo="$out/demo"
rm -rf "$demo"
mkdir -p "$demo/bin" "$demo/files"

# The program and its data live somewhere else entirely; only the manifest
# knows where.
cat > "$demo/files/greet.sh" <<'SCRIPT'
#!/bin/sh
echo "  greet running from: $0"
echo "  message file:       $1"
echo "  message:            $(cat "$1")"
shift
echo "  runtime arguments: $(for a in "$@"; do printf ' [%s]' "$a"; done)"
echo "  RUNFILES_MANIFEST_FILE=$RUNFILES_MANIFEST_FILE"
SCRIPT
chmod +x "$demo/files/greet.sh"
echo "Hello from the runfiles." > "$demo/files/message.txt"
printf ',my_app,_main\n' > "$demo/files/repo_mapping"
{
  echo "_main/data/message.txt $demo/files/message.txt"
  echo "_main/tools/greet $demo/files/greet.sh"
  echo "_repo_mapping $demo/files/repo_mapping"
} | LC_ALL=C sort > "$demo/bin/hello.runfiles_manifest"

for cpu in x86_64 aarch64 s390x; do
  launcher="$demo/bin/hello-$cpu"
  cp "$demo/bin/hello.runfiles_manifest" "$launcher.runfiles_manifest"
  "$out/finalize-stub" --template "$out/runfiles-stub-$cpu-linux" -o "$launcher" -v \
    --transform 0,1 -- my_app/tools/greet my_app/data/message.txt
  case $cpu in
    x86_64) runner="" ;;
    *) runner="qemu-$cpu" ;;
  esac
  echo "\$ ${runner:+$runner }$launcher 'one arg' two"
  $runner "$launcher" "one arg" two
done
