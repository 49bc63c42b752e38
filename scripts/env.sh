# Shared settings for the scripts; sourced, not run.
# Everything installed lives under .cache/ (ignored by git) so a clone is self-contained.
SHOWUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SHOWUP_CACHE="${SHOWUP_CACHE:-$SHOWUP_ROOT/.cache}"
export DYNAMODB_SIMULATOR_VERSION="2.9.30"
export SHOWUP_DYNAMODB_LOCAL_DIR="${SHOWUP_DYNAMODB_LOCAL_DIR:-$SHOWUP_CACHE/dynamodb-local}"
export SHOWUP_CHROMIUM="${SHOWUP_CHROMIUM:-/usr/bin/chromium}"
export PATH="$SHOWUP_CACHE/tools/bin:$SHOWUP_ROOT/node_modules/.bin:$PATH"
