#!/usr/bin/env bash
# Builds the API's Lambda package: infra/out/bootstrap.zip, holding one static x86_64 binary
# named `bootstrap` (runtime provided.al2023). infra/template.yaml's CodeUri points at it.
#
#   infra/build-lambda.sh
#
# Installs what is missing: the Rust target x86_64-unknown-linux-musl (rustup) and musl-gcc
# (Debian's musl-tools, which the C in aws-lc-sys needs). A clean release build takes about
# 5 minutes on 2 cores and holds cargo's lock on target/ meanwhile.
#
# Environment:
#   BOOTSTRAP_BIN  package this already-built static binary instead of running cargo
#                  (a CI artifact, or one built with cargo-lambda)
#   CARGO_TARGET_DIR  honoured as usual
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/infra/out"
TARGET=x86_64-unknown-linux-musl
cd "$ROOT" # so rustup and cargo use rust-toolchain.toml's toolchain

size() { du -h "$1" | cut -f1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "need root for: $*" >&2; exit 1
  fi
}

if [ -z "${BOOTSTRAP_BIN:-}" ]; then
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    echo "== rustup target add $TARGET"
    rustup target add "$TARGET"
  fi
  if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "== installing musl-tools (musl-gcc)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl-tools
  fi

  echo "== cargo build --release --target $TARGET -p api --bin bootstrap"
  CC_x86_64_unknown_linux_musl=musl-gcc \
    cargo build --release --target "$TARGET" -p api --bin bootstrap

  target_dir="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  BOOTSTRAP_BIN="$target_dir/$TARGET/release/bootstrap"
fi

if [ ! -f "$BOOTSTRAP_BIN" ]; then
  echo "no binary at $BOOTSTRAP_BIN" >&2
  exit 1
fi
# Lambda's provided.al2023 has glibc, but a static binary cannot break on its version.
if command -v file >/dev/null 2>&1 && ! file -L "$BOOTSTRAP_BIN" | grep -q 'static'; then
  echo "warning: $BOOTSTRAP_BIN does not look statically linked: $(file -L "$BOOTSTRAP_BIN")" >&2
fi

stage="$OUT/stage"
rm -rf "$stage" "$OUT/bootstrap.zip"
mkdir -p "$stage"
cp "$BOOTSTRAP_BIN" "$stage/bootstrap"
chmod 755 "$stage/bootstrap"
if command -v strip >/dev/null 2>&1; then
  strip "$stage/bootstrap"
else
  echo "strip not found (apt-get install -y binutils); packaging unstripped" >&2
fi
# A fixed timestamp makes the zip depend on the binary alone, so an unchanged build gives an
# identical zip, which `aws cloudformation package` then neither uploads nor redeploys.
touch -t 198001010000.00 "$stage/bootstrap"

if command -v zip >/dev/null 2>&1; then
  (cd "$stage" && zip -q -X -9 "$OUT/bootstrap.zip" bootstrap)
else
  python3 - "$stage/bootstrap" "$OUT/bootstrap.zip" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16  # a regular file, executable: Lambda runs it as is
info.compress_type = zipfile.ZIP_DEFLATED
with open(src, "rb") as f, zipfile.ZipFile(dst, "w") as z:
    z.writestr(info, f.read(), compresslevel=9)
PY
fi

echo "binary:   $(size "$BOOTSTRAP_BIN")  $BOOTSTRAP_BIN"
echo "stripped: $(size "$stage/bootstrap")"
echo "zip:      $(size "$OUT/bootstrap.zip")  $OUT/bootstrap.zip"
# Lambda's limits: 50 MB for a zip uploaded directly, 250 MB unzipped.
if [ "$(stat -c %s "$OUT/bootstrap.zip")" -gt $((50 * 1024 * 1024)) ]; then
  echo "warning: the zip is over Lambda's 50 MB direct-upload limit" >&2
fi
rm -rf "$stage"
