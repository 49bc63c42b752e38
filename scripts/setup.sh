#!/usr/bin/env bash
# Installs what Showup needs and is missing, from the package registries only
# (crates.io, npm, Debian). Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Rust targets and components come from rust-toolchain.toml; adding is a no-op when present.
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  step "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
want_wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want_wbg" ]; then
  step "Installing wasm-bindgen-cli $want_wbg (about 3 minutes, once)"
  # Without --locked: its own lockfile wants a webpki-roots release the registry lacks.
  cargo install wasm-bindgen-cli --version "$want_wbg" --root "$SHOWUP_CACHE/tools"
fi

# npm tools: wasm-opt (binaryen), playwright-core, axe-core, pinned in package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm tools"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Headless Chromium for the browser tests (Debian's package; no browser download).
if [ ! -x "$SHOWUP_CHROMIUM" ]; then
  step "Installing Chromium"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends chromium \
    || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends chromium; }
fi

# infra/lint.sh's checkers. cfn-lint (PyPI) in its own venv, pinned: a new release brings new
# rules (1.58 added E3639), so a version is taken on purpose, here, and infra/lint.sh refuses any
# other. 1.58.0 is the newest on PyPI as of 2026-12-05. shellcheck from Debian.
CFN_LINT_VERSION="1.58.0"
cfn_lint_venv="$SHOWUP_CACHE/cfn-lint"
if [ "$("$cfn_lint_venv/bin/cfn-lint" --version 2>/dev/null)" != "cfn-lint $CFN_LINT_VERSION" ]; then
  step "Installing cfn-lint $CFN_LINT_VERSION (PyPI) into $cfn_lint_venv"
  if ! python3 -m venv "$cfn_lint_venv" 2>/dev/null; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y --no-install-recommends python3-venv \
      || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends python3-venv; }
    python3 -m venv "$cfn_lint_venv"
  fi
  "$cfn_lint_venv/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi
if ! command -v shellcheck >/dev/null; then
  step "Installing shellcheck (for infra/lint.sh)"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends shellcheck \
    || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends shellcheck; }
fi

# DynamoDB Local: Amazon's jar, as shipped inside an npm package.
if [ ! -f "$SHOWUP_DYNAMODB_LOCAL_DIR/DynamoDBLocal.jar" ]; then
  step "Installing DynamoDB Local (amplify-dynamodb-simulator@$DYNAMODB_SIMULATOR_VERSION)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "amplify-dynamodb-simulator@$DYNAMODB_SIMULATOR_VERSION" >/dev/null)
  tar -xzf "$tmp"/amplify-dynamodb-simulator-*.tgz -C "$tmp"
  mkdir -p "$(dirname "$SHOWUP_DYNAMODB_LOCAL_DIR")"
  rm -rf "$SHOWUP_DYNAMODB_LOCAL_DIR"
  mv "$tmp/package/emulator" "$SHOWUP_DYNAMODB_LOCAL_DIR"
  rm -rf "$tmp"
fi

if ! command -v java >/dev/null; then
  step "Installing Java (for DynamoDB Local)"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends openjdk-17-jre-headless
fi

# moto's S3 server (PyPI), for the tests of the import bucket (api/tests/api/support/moto.rs
# starts it like DynamoDB Local). In its own venv; the version is pinned here.
MOTO_VERSION="5.2.5"
moto_venv="$SHOWUP_CACHE/moto"
if [ "$("$moto_venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" != "$MOTO_VERSION" ]; then
  step "Installing moto[server] $MOTO_VERSION (S3 for the tests)"
  if ! python3 -m venv "$moto_venv" 2>/dev/null; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y --no-install-recommends python3-venv \
      || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends python3-venv; }
    python3 -m venv "$moto_venv"
  fi
  "$moto_venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
