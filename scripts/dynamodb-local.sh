#!/usr/bin/env bash
# Starts DynamoDB Local in the foreground, for scripts and by hand.
#   scripts/dynamodb-local.sh [PORT] [DATA_DIR]
# With DATA_DIR the tables persist there; without it they live in memory.
# Then point showup at it: SHOWUP_DYNAMODB_ENDPOINT=http://127.0.0.1:PORT showup import DIR
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
port="${1:-8000}"
data="${2:-}"
[ -f "$SHOWUP_DYNAMODB_LOCAL_DIR/DynamoDBLocal.jar" ] || scripts/setup.sh
storage=(-inMemory)
if [ -n "$data" ]; then
  mkdir -p "$data"
  storage=(-dbPath "$(cd "$data" && pwd)")
fi
cd "$SHOWUP_DYNAMODB_LOCAL_DIR"
# The heap holds what a request reads: 512 MB is plenty for a school district in a test, the
# benchmark's 1.3 million items scanned back need more (SHOWUP_DYNAMODB_HEAP=4g).
exec java "-Xmx${SHOWUP_DYNAMODB_HEAP:-512m}" -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar \
  -port "$port" -sharedDb -disableTelemetry "${storage[@]}"
