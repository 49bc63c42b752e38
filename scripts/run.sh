#!/usr/bin/env bash
# The "run" command: installs what is missing, starts DynamoDB Local (data kept in .data/),
# creates the table, loads the demo district the first time, builds the browser app and
# serves everything on http://127.0.0.1:3000. Ctrl-C stops it all; the data stays.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh

ddb_port="${SHOWUP_DYNAMODB_PORT:-8000}"
export SHOWUP_DYNAMODB_ENDPOINT="${SHOWUP_DYNAMODB_ENDPOINT:-http://127.0.0.1:$ddb_port}"
export SHOWUP_TABLE="${SHOWUP_TABLE:-showup}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
http_port="${SHOWUP_PORT:-3000}"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

mkdir -p .data
if port_open "$ddb_port"; then
  step "DynamoDB Local already answers on port $ddb_port"
else
  step "Starting DynamoDB Local on port $ddb_port (data in .data/dynamodb, log in .data/dynamodb.log)"
  scripts/dynamodb-local.sh "$ddb_port" .data/dynamodb >.data/dynamodb.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do port_open "$ddb_port" && break; sleep 0.5; done
  port_open "$ddb_port" || { echo "DynamoDB Local did not start; see .data/dynamodb.log" >&2; exit 1; }
fi

step "Building the browser app"
scripts/build-frontend.sh
step "Building showup"
cargo build -p api --bin showup
showup=target/debug/showup

step "Loading the demo district (only into an empty table)"
"$showup" demo --if-empty
"$showup" recompute

cat <<TXT

  Showup is running: http://127.0.0.1:$http_port
  Demo district: 4 schools, about 360 students (table "$SHOWUP_TABLE" on $SHOWUP_DYNAMODB_ENDPOINT).
  Ctrl-C stops it; the data stays in .data/ for next time.

TXT
"$showup" serve --port "$http_port" --static-dir dist &
pids+=($!)
wait "${pids[-1]}"
