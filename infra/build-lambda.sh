#!/usr/bin/env bash
# Builds the Lambda packages: infra/out/bootstrap.zip (the API), infra/out/aggregate.zip
# (the DynamoDB Streams aggregator), infra/out/inbound.zip (inbound texts from SNS),
# infra/out/import_s3.zip (a SIS drop's import from the import bucket) and infra/out/nightly.zip
# (the nightly figures, run by the state machine), each holding one static x86_64 binary named `bootstrap`
# (runtime provided.al2023). infra/template.yaml's CodeUris point at them.
#
# The API's zip also holds the app's page, dist/index.html (build the frontend first): CloudFront
# sends page loads to the API (infra/template.yaml), which answers them with that page, a
# signed-in family's with the child's sentence already in it (api/src/routes/shell.rs). It sits in
# its own folder, `dist/`, because the function serves every file of that folder.
#
#   scripts/build-frontend.sh && infra/build-lambda.sh
#
# Installs what is missing: the Rust target x86_64-unknown-linux-musl (rustup) and musl-gcc
# (Debian's musl-tools, which the C in aws-lc-sys needs). A clean release build takes about
# 5 minutes on 2 cores and holds cargo's lock on target/ meanwhile.
#
# Environment:
#   LAMBDA_BIN_DIR  package the already-built static binaries `bootstrap`, `aggregate`, `inbound`, `import_s3`, `nightly`
#                   from this folder instead of running cargo (a CI artifact)
#   DIST_DIR        the built frontend whose index.html goes in; default dist (repository root)
#   LAMBDA_OUT_DIR  where the zips go; default infra/out
#   CARGO_TARGET_DIR  honoured as usual
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${LAMBDA_OUT_DIR:-$ROOT/infra/out}"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
INDEX="$DIST_DIR/index.html"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
TARGET=x86_64-unknown-linux-musl
cd "$ROOT" # so rustup and cargo use rust-toolchain.toml's toolchain

size() { du -h "$1" | cut -f1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "need root for: $*" >&2; exit 1
  fi
}

# Checked before the long build: without the page, every page load would fail on AWS.
if [ ! -f "$INDEX" ]; then
  echo "no $INDEX: build the frontend first (scripts/build-frontend.sh)" >&2
  exit 1
fi

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

  echo "== cargo build --release --target $TARGET -p api --bin bootstrap --bin aggregate --bin inbound --bin import_s3 --bin nightly"
  CC_x86_64_unknown_linux_musl=musl-gcc \
    cargo build --release --target "$TARGET" -p api --bin bootstrap --bin aggregate --bin inbound --bin import_s3 --bin nightly

  target_dir="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  LAMBDA_BIN_DIR="$target_dir/$TARGET/release"
fi

# package BINARY ZIP [PAGE]: the binary as `bootstrap` in a reproducible zip, with PAGE as
# dist/index.html when given.
package() {
BOOTSTRAP_BIN="$1"
ZIP="$2"
PAGE="${3:-}"

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
files=(bootstrap)
if [ -n "$PAGE" ]; then
  mkdir -p "$stage/dist"
  cp "$PAGE" "$stage/dist/index.html"
  chmod 644 "$stage/dist/index.html"
  touch -t 198001010000.00 "$stage/dist/index.html" "$stage/dist"
  files+=(dist/index.html)
fi

if command -v zip >/dev/null 2>&1; then
  (cd "$stage" && zip -q -X -9 "$ZIP" "${files[@]}")
else
  python3 - "$stage" "$ZIP" "${files[@]}" <<'PY'
import os, sys, zipfile
stage, dst, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(dst, "w") as z:
    for name in names:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        # Regular files; the binary executable, as Lambda runs it as is.
        mode = 0o755 if name == "bootstrap" else 0o644
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(stage, name), "rb") as f:
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

package "$LAMBDA_BIN_DIR/bootstrap" "$OUT/bootstrap.zip" "$INDEX"
package "$LAMBDA_BIN_DIR/aggregate" "$OUT/aggregate.zip"
package "$LAMBDA_BIN_DIR/inbound" "$OUT/inbound.zip"
package "$LAMBDA_BIN_DIR/import_s3" "$OUT/import_s3.zip"
package "$LAMBDA_BIN_DIR/nightly" "$OUT/nightly.zip"
