#!/bin/sh
# Installs what building and testing need on Debian 12, skipping what is there.
set -eu
packages="make cmake clang-19 lld-19 llvm-19 libclang-rt-19-dev libstdc++-12-dev libc6-dev \
  catch2 python3 qemu-user wine64 strace git"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps.sh: installing:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
