#!/usr/bin/env bash
# District-scale figures for docs/benchmarks.md: figures, not tests — run it on a quiet machine.
#
#   scripts/bench.sh
#
# Generates the large district once (50,000 students, ~1M attendance rows; .data/bench/, ignored
# by git), builds showup in release mode, then measures:
#   a. `showup report schools --from DIR`: wall time, attendance rows a second, peak memory;
#   b. the same report in DuckDB SQL over the same files (scripts/bench_duckdb.py), checked equal;
#   c. `showup import DIR` into an in-memory DynamoDB Local: time, items a second, peak memory;
#      then the same folder again (writes (almost) nothing);
#   d. `showup report schools` from the store: recomputed from every record (--full-scan) and
#      from the stored figures, checked equal to each other and to (a).
# Results land in .data/bench/results/ (summary.md holds the figures).
#
# Settings (environment): BENCH_STUDENTS (50000), BENCH_SEED (1), BENCH_RUNS (10),
# BENCH_DYNAMODB_PORT (8765; not 8000, which scripts/run.sh uses).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

students="${BENCH_STUDENTS:-50000}"
seed="${BENCH_SEED:-1}"
runs="${BENCH_RUNS:-10}"
port="${BENCH_DYNAMODB_PORT:-8765}"
dir=".data/bench/district-$students-seed$seed"
out=".data/bench/results"
year_end="2027-06-04" # the generated (demo) school year's last day
showup="target/release/showup"
mkdir -p "$out"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '%s\n' "$*" | tee -a "$out/summary.md"; }

install() {
  if ! apt-get install -y "$@" >/dev/null 2>&1; then
    apt-get update >/dev/null && apt-get install -y "$@" >/dev/null
  fi
}
command -v hyperfine >/dev/null || { step "Installing hyperfine (Debian)"; install hyperfine; }
[ -x /usr/bin/time ] || { step "Installing GNU time (Debian)"; install time; }
venv="$SHOWUP_CACHE/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb, boto3' 2>/dev/null; then
  step "Installing DuckDB and boto3 (PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet duckdb boto3
fi

step "Release build"
cargo build --release -p api --bin showup

if [ ! -f "$dir/attendance.csv" ]; then
  step "Generating the district into $dir"
  rm -rf "$dir"
  "$showup" generate --students "$students" --seed "$seed" --out "$dir"
fi
rows=$(($(wc -l <"$dir/attendance.csv") - 1))

# Peak resident memory of a command, in MB (GNU time reports KB).
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
# hyperfine's mean and standard deviation, in seconds.
mean_s() { "$venv/bin/python" -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]; print(f\"{r['mean']:.3f} {r['stddev'] or 0:.3f}\")" "$1" "${2:-0}"; }

: >"$out/summary.md"
note "# District-scale benchmark, $(date -u +%Y-%m-%d)"
note ""
note "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
note "district: $dir — $(($(wc -l <"$dir/students.csv") - 1)) students, $(($(wc -l <"$dir/schools.csv") - 1)) schools, $(($(wc -l <"$dir/enrollments.csv") - 1)) enrollments, $rows attendance rows ($(du -m "$dir/attendance.csv" | cut -f1) MB)"
note ""

step "a. showup report --from (streaming, nothing stored)"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/report-from.json" \
  "$showup report schools --as-of $year_end --from $dir" \
  "$showup report students --as-of $year_end --from $dir" >/dev/null
/usr/bin/time -v "$showup" report schools --as-of "$year_end" --from "$dir" >"$out/schools-from.csv" 2>"$out/report-from.time"
/usr/bin/time -v "$showup" report students --as-of "$year_end" --from "$dir" >"$out/students-from.csv" 2>"$out/report-students-from.time"
read -r mean sd < <(mean_s "$out/report-from.json" 0)
read -r smean ssd < <(mean_s "$out/report-from.json" 1)
note "a. \`showup report schools --as-of $year_end --from DIR\`: $mean s ± $sd (hyperfine, $runs runs), $(awk -v r="$rows" -v t="$mean" 'BEGIN {printf "%.2f", r / t / 1e6}') M attendance rows/s, peak RSS $(peak_mb "$out/report-from.time") MB"
# The target is a million rows a second on one core: the same command pinned to one CPU.
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/report-from-1cpu.json" \
  "taskset -c 0 $showup report schools --as-of $year_end --from $dir" >/dev/null
read -r omean osd < <(mean_s "$out/report-from-1cpu.json" 0)
note "   pinned to one core (taskset -c 0): $omean s ± $osd, $(awk -v r="$rows" -v t="$omean" 'BEGIN {printf "%.2f", r / t / 1e6}') M attendance rows/s"
note "   \`report students\` the same way: $smean s ± $ssd, peak RSS $(peak_mb "$out/report-students-from.time") MB"

step "b. DuckDB over the same files"
"$venv/bin/python" scripts/bench_duckdb.py "$dir" "$year_end" >"$out/schools-duckdb.csv" 2>"$out/duckdb.log"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/duckdb.json" \
  "$venv/bin/python scripts/bench_duckdb.py $dir $year_end" >/dev/null
/usr/bin/time -v "$venv/bin/python" scripts/bench_duckdb.py "$dir" "$year_end" >/dev/null 2>"$out/duckdb.time"
read -r dmean dsd < <(mean_s "$out/duckdb.json")
if cmp -s "$out/schools-from.csv" "$out/schools-duckdb.csv"; then same="identical to showup's"; else same="DIFFERENT from showup's (see $out)"; fi
note "b. DuckDB $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)') (scripts/bench_duckdb.py, all cores): $dmean s ± $dsd per process ($(sed -n 's/.*query \(.*\)$/\1/p' "$out/duckdb.log") of it the query), peak RSS $(peak_mb "$out/duckdb.time") MB; report $same"

step "c. import into DynamoDB Local (in memory, port $port)"
SHOWUP_DYNAMODB_HEAP=4g scripts/dynamodb-local.sh "$port" >"$out/dynamodb-local.log" 2>&1 &
dynamo=$!
trap 'kill $dynamo 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
# The generated year runs to its last day: import it as of that day (an import refuses
# attendance dated after today).
export SHOWUP_DYNAMODB_ENDPOINT="http://127.0.0.1:$port" SHOWUP_TABLE="bench" AWS_REGION="us-east-1" SHOWUP_TODAY="$year_end"
"$showup" init
# DynamoDB Local emulates the table's stream (infra/table.json) inside its one SQLite database,
# and each write looks the stream up again: a bulk load slows down as it grows (a second
# 126,000-item import had not finished after 11 minutes). The real service's streams cost
# writes nothing, so the load is measured with the stream off.
"$venv/bin/python" - "$port" <<'PY'
import sys, boto3
db = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                  aws_access_key_id="local", aws_secret_access_key="local")
db.update_table(TableName="bench", StreamSpecification={"StreamEnabled": False})
PY
/usr/bin/time -v "$showup" import "$dir" 2>"$out/import.log"
written=$(sed -n 's/.*: \([0-9]*\) records written.*/\1/p' "$out/import.log")
took=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/import.log")
secs=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$took")
note "c. \`showup import DIR\` into an empty table: $took (m:ss) for $written items, $(awk -v n="$written" -v s="$secs" 'BEGIN {printf "%.0f", n / s}') items/s; peak RSS $(peak_mb "$out/import.log") MB"
/usr/bin/time -v "$showup" import "$dir" 2>"$out/reimport.log"
rewritten=$(sed -n 's/.*: \([0-9]*\) records written.*/\1/p' "$out/reimport.log")
note "   the same folder again: $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/reimport.log") (m:ss), $rewritten items written; peak RSS $(peak_mb "$out/reimport.log") MB"

# A correction file: every row of one student in twenty (about 5% of the rows), as a SIS
# sends after fixing codes — the absences' excused and unexcused swapped, other rows' reasons
# amended.
correction=".data/bench/correction-$students-seed$seed"
mkdir -p "$correction"
"$venv/bin/python" - "$dir/attendance.csv" "$correction/attendance.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as src, open(sys.argv[2], "w", newline="") as dst:
    rows, out = csv.DictReader(src), None
    for row in rows:
        out = out or csv.DictWriter(dst, rows.fieldnames, lineterminator="\n")
        if dst.tell() == 0:
            out.writeheader()
        if int(row["student_id"][1:]) % 20:
            continue
        swap = {"unexcused_absence": "excused_absence", "excused_absence": "unexcused_absence"}
        if row["status"] in swap:
            row["status"] = swap[row["status"]]
        else:
            row["reason"] = "corrected"
        out.writerow(row)
PY
corrected=$(($(wc -l <"$correction/attendance.csv") - 1))
/usr/bin/time -v "$showup" import "$correction" 2>"$out/correction.log"
note "   a correction file of $corrected rows ($(awk -v c="$corrected" -v r="$rows" 'BEGIN {printf "%.1f", 100 * c / r}')% of them, every 20th student): $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/correction.log") (m:ss), $(sed -n 's/.*: \([0-9]*\) records written.*/\1/p' "$out/correction.log") items written; peak RSS $(peak_mb "$out/correction.log") MB"
/usr/bin/time -v "$showup" import "$dir" 2>"$out/restore.log"
note "   the whole folder again after it (the corrected students read back): $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/restore.log") (m:ss); peak RSS $(peak_mb "$out/restore.log") MB"

step "e. nightly recompute"
# As the date moves every student's figures move: recompute as of a week before the year's
# last day (every summary changes), then as of its last day again (every one changes back) —
# the second is measured as the night; then once more with nothing to change.
week_before=$(date -d "$year_end - 7 days" +%F)
SHOWUP_TODAY="$week_before" "$showup" recompute >/dev/null
SHOWUP_TODAY="$year_end" /usr/bin/time -v "$showup" recompute 2>"$out/recompute.log" >"$out/recompute.out"
SHOWUP_TODAY="$year_end" /usr/bin/time -v "$showup" recompute 2>"$out/recompute-same.log" >"$out/recompute-same.out"
note "e. \`showup recompute\`, $(($(wc -l <"$dir/students.csv") - 1)) students whose figures all move: $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/recompute.log") (m:ss), peak RSS $(peak_mb "$out/recompute.log") MB ($(cat "$out/recompute.out")); nothing to change: $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/recompute-same.log") (m:ss), peak RSS $(peak_mb "$out/recompute-same.log") MB"

step "d. report schools from the store"
# The import counted its figures up to today, or to the year's last day once it is over.
today=$(date +%F)
as_of=$([[ "$today" < "$year_end" ]] && echo "$today" || echo "$year_end")
/usr/bin/time -v "$showup" report schools --as-of "$as_of" --full-scan >"$out/schools-scan.csv" 2>"$out/scan.time"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/stats.json" \
  "$showup report schools --as-of $as_of" >/dev/null
"$showup" report schools --as-of "$as_of" >"$out/schools-stats.csv"
"$showup" report schools --as-of "$as_of" --from "$dir" >"$out/schools-from-today.csv"
read -r fmean fsd < <(mean_s "$out/stats.json")
if cmp -s "$out/schools-scan.csv" "$out/schools-stats.csv" && cmp -s "$out/schools-scan.csv" "$out/schools-from-today.csv"; then
  agree="all three identical"
else
  agree="they DIFFER (see $out)"
fi
note "d. \`showup report schools --as-of $as_of\`: full Scan and recompute (--full-scan) $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/scan.time") (m:ss), peak RSS $(peak_mb "$out/scan.time") MB; from the stored figures $fmean s ± $fsd; --from the files: $agree"
kill "$dynamo" 2>/dev/null || true
step "Done: $out/summary.md"
cat "$out/summary.md"
