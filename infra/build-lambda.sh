#!/usr/bin/env bash
# Builds the Lambda packages: infra/out/bootstrap.zip (the API) and infra/out/aggregate.zip
# (the DynamoDB Streams aggregator), each holding one static x86_64 binary named `bootstrap`
# (runtime provided.al2023). infra/template.yaml's CodeUris point at them.
#
#   infra/build-lambda.sh
#
# Installs what is missing: the Rust target x86_64-unknown-linux-musl (rustup) and musl-gcc
# (Debian's musl-tools, which the C in aws-lc-sys needs). A clean release build takes about
# 5 minutes on 2 cores and holds cargo's lock on target/ meanwhile.
#
# Environment:
#   LAMBDA_BIN_DIR  package the already-built static binaries `bootstrap` and `aggregate`
#                   from this folder instead of running cargo (a CI artifact)
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

if [ -z "${LAMBDA_BIN_DIR:-}" ]; then
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    echo "== rustup target add $TARGET"
    rustup target add "$TARGET"
  fi
  if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "== installing musl-tools (musl-gcc)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl-tools
  fi

  echo "== cargo build --release --target $TARGET -p api --bin bootstrap --bin aggregate"
  CC_x86_64_unknown_linux_musl=musl-gcc \
    cargo build --release --target "$TARGET" -p api --bin bootstrap --bin aggregate

  target_dir="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  LAMBDA_BIN_DIR="$target_dir/$TARGET/release"
fi

# package BINARY ZIP: the binary as `bootstrap` in a reproducible zip.
package() {
BOOTSTRAP_BIN="$1"
ZIP="$2"

if [ ! -f "$BOOTSTRAP_BIN" ]; then
  echo "no binary at $BOOTSTRAP_BIN" >&2
  exit 1
fi
# Lambda's provided.al2023 has glibc, but a static binary cannot break on its version.
if command -v file >/dev/null 2>&1 && ! file -L "$BOOTSTRAP_BIN" | grep -q 'static'; then
  echo "warning: $BOOTSTRAP_BIN does not look statically linked: $(file -L "$BOOTSTRAP_BIN")" >&2
fi

stage="$OUT/stage"
rm -rf "$stage" "$ZIP"
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
  (cd "$stage" && zip -q -X -9 "$ZIP" bootstrap)
else
  python3 - "$stage/bootstrap" "$ZIP" <<'PY'
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
echo "zip:      $(size "$ZIP")  $ZIP"
# Lambda's limits: 50 MB for a zip uploaded directly, 250 MB unzipped.
if [ "$(stat -c %s "$ZIP")" -gt $((50 * 1024 * 1024)) ]; then
  echo "warning: the zip is over Lambda's 50 MB direct-upload limit" >&2
fi
rm -rf "$stage"
}

package "$LAMBDA_BIN_DIR/bootstrap" "$OUT/bootstrap.zip"
package "$LAMBDA_BIN_DIR/aggregate" "$OUT/aggregate.zip"
