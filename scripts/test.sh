#!/usr/bin/env bash
# The "test" command: installs what is missing, checks the infrastructure (infra/lint.sh: the
# template with the pinned cfn-lint, the Lambda packaging, shellcheck), formatting and lints, then
# runs every test — unit and property tests, integration tests against a real DynamoDB Local (one test
# binary, api/tests/api, starts one on a free port, a fresh table per test), and browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh

step "Infrastructure (infra/lint.sh)"
infra/lint.sh

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "Lints (clippy, server and browser targets)"
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --all-targets -- -D warnings

step "Unit, property and integration tests"
cargo test --workspace --exclude frontend
cargo test -p frontend --lib

step "Browser tests (headless Chromium)"
scripts/build-frontend.sh
cargo build -p api --bin showup
node --test --test-concurrency=1 tests/browser/
