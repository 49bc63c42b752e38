#!/usr/bin/env bash
# Checks the infrastructure files without touching AWS:
#   1. cfn-lint on infra/template.yaml as written;
#   2. cfn-lint on a copy with every local AWS::Include expanded (what CloudFormation will see),
#      so infra/table.json is checked against the AWS::DynamoDB::Table schema too (and rules the
#      Table's Metadata skips on the raw template, such as E3639, are applied there: checked);
#   3. that CloudFront sends page loads to the API and the app's files to S3 (the family's first
#      view is written by the API), that the nightly state machine runs every shard of students
#      (crate::store::STUDENT_SHARDS) then the recount, and that infra/build-lambda.sh puts
#      dist/index.html in the API's zip and packages every function (run with stand-in
#      binaries, in a temporary folder); that the import state machine runs a split import's
#      district part, each school's part, then the recount, through the import function,
#      each side allowed only that;
#   4. bash -n and shellcheck on the infra scripts.
# scripts/test.sh runs it (so CI does). Uses the cfn-lint that scripts/setup.sh pins
# (CFN_LINT_VERSION, in its own venv under .cache/) and Debian's shellcheck; installs nothing.
# Writes only infra/out/template.rendered.json.
set -euo pipefail

INFRA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$INFRA")"
OUT="$INFRA/out"
mkdir -p "$OUT"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# shellcheck source=/dev/null # (SHOWUP_CACHE)
source "$ROOT/scripts/env.sh"

# The pinned cfn-lint, and only it: another release has other rules.
want="$(sed -n 's/^CFN_LINT_VERSION="\(.*\)"$/\1/p' "$ROOT/scripts/setup.sh")"
venv="$SHOWUP_CACHE/cfn-lint"
have="$("$venv/bin/cfn-lint" --version 2>/dev/null || true)"
if [ -z "$want" ] || [ "$have" != "cfn-lint $want" ]; then
  echo "need cfn-lint ${want:-?} in $venv (found: ${have:-none}): run scripts/setup.sh" >&2
  exit 1
fi
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck not installed: run scripts/setup.sh (Debian's shellcheck)" >&2
  exit 1
fi
cfn_lint() { "$venv/bin/cfn-lint" "$@"; }
python="$venv/bin/python" # the cfnlint package, to read the template as cfn-lint does

echo "== cfn-lint $want: infra/template.yaml"
cfn_lint "$INFRA/template.yaml"

echo "== cfn-lint with AWS::Include expanded"
"$python" - "$INFRA/template.yaml" "$OUT/template.rendered.json" <<'PY'
import json, os, sys
from cfnlint.decode import decode  # reads YAML with the short-form tags (!Ref, !Sub)

src, dst = sys.argv[1], sys.argv[2]
template, errors = decode(src)
if errors:
    sys.exit("\n".join(str(e) for e in errors))
base = os.path.dirname(src)

def expand(node):
    """Replace each local AWS::Include with the file's keys, merged with its siblings."""
    if isinstance(node, list):
        return [expand(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "Fn::Transform" and isinstance(value, dict) and value.get("Name") == "AWS::Include":
            location = value["Parameters"]["Location"]
            if location.startswith("s3://"):
                out[key] = value
                continue
            with open(os.path.join(base, location)) as f:
                included = json.load(f)  # table.json is JSON; a YAML snippet would need more
            clash = set(included) & set(node)
            if clash:
                sys.exit(f"{location} and the template both set {sorted(clash)}")
            out.update(included)
        else:
            out[key] = expand(value)
    return out

rendered = expand(template)
# A resource whose properties were included must pass the checks its cfn-lint Metadata skips.
for name, resource in template["Resources"].items():
    if "Fn::Transform" in resource.get("Properties", {}):
        rendered["Resources"][name].get("Metadata", {}).pop("cfn-lint", None)
with open(dst, "w") as f:
    json.dump(rendered, f, indent=2)
PY
cfn_lint "$OUT/template.rendered.json"

echo "== the expanded check sees the table's billing mode"
# The Table's Metadata skips E3639 on the raw template, where BillingMode (from table.json) is
# out of sight; the expanded check above must still apply it. A copy without BillingMode (that
# is, provisioned, with no ProvisionedThroughput) must fail it.
"$python" - "$OUT/template.rendered.json" "$scratch/no-billing.json" <<'PY'
import json, sys
template = json.load(open(sys.argv[1]))
del template["Resources"]["Table"]["Properties"]["BillingMode"]
json.dump(template, open(sys.argv[2], "w"))
PY
if cfn_lint "$scratch/no-billing.json" >"$scratch/no-billing.log" 2>&1 \
  || ! grep -q "E3639" "$scratch/no-billing.log"; then
  cat "$scratch/no-billing.log" >&2
  echo "the expanded check did not flag a table with neither BillingMode nor ProvisionedThroughput" >&2
  exit 1
fi

echo "== page loads go to the API, the app's files to S3"
# What cfn-lint cannot know: a signed-in family's first view is written by the API
# (api/src/routes/shell.rs), so production must send it the page loads, and only them.
python3 - "$OUT/template.rendered.json" <<'PY'
import json, sys

resources = json.load(open(sys.argv[1]))["Resources"]
config = resources["Distribution"]["Properties"]["DistributionConfig"]
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
problems = []

def page_loads(name, behaviour):
    want = {
        "TargetOriginId": "api",
        "CachePolicyId": CACHING_DISABLED,  # a family's page is never stored
        "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST,  # the cookie and Sec-Fetch-Dest
        "ResponseHeadersPolicyId": {"Ref": "FrontendHeadersPolicy"},
    }
    for key, value in want.items():
        if behaviour.get(key) != value:
            problems.append(f"{name}: {key} is {behaviour.get(key)!r}, want {value!r}")

# `/` reaches the default behaviour only: it must be the pages'. A DefaultRootObject would send
# `/` on as /index.html.
page_loads("DefaultCacheBehavior", config["DefaultCacheBehavior"])
if config.get("DefaultRootObject"):
    problems.append("DefaultRootObject is set: `/` would not reach the API as `/`")
patterns = [b["PathPattern"] for b in config.get("CacheBehaviors", [])]
by_pattern = {b["PathPattern"]: b for b in config.get("CacheBehaviors", [])}
if patterns[:3] != ["/api/*", "/students/*", "*.*"]:
    problems.append(f"behaviours {patterns}: want /api/*, /students/*, *.* first, in that order")
else:
    page_loads("/students/*", by_pattern["/students/*"])
    files = by_pattern["*.*"]
    if files.get("TargetOriginId") != "frontend" or files.get("CachePolicyId") != CACHING_OPTIMIZED:
        problems.append("*.*: the app's files come from the bucket, cached")
# API Gateway must route what CloudFront sends: `/` and any other path, to the API function.
paths = {
    event["Properties"]["Path"]
    for event in resources["ApiFunction"]["Properties"]["Events"].values()
    if event["Type"] == "HttpApi"
}
for path in ["/api/{proxy+}", "/", "/{proxy+}"]:
    if path not in paths:
        problems.append(f"the HTTP API has no route {path} to the API function")
if problems:
    sys.exit("\n".join(problems))
PY

echo "== the nightly state machine: every shard of students, then the recount"
# What cfn-lint cannot know: the Map's items are exactly the store's shards (read from
# api/src/store/mod.rs, so the two cannot drift), each invokes the nightly function with its
# shard, and the run ends with the recount. The definition is a !Sub'd string, which cfn-lint
# does not read: the check writes a copy with it resolved, for cfn-lint's own ASL rules too.
cat >"$scratch/nightly_check.py" <<'PY'
import json, re, sys

rendered, store_rs, resolved_out = sys.argv[1], sys.argv[2], sys.argv[3]
template = json.load(open(rendered))
found = re.search(r"^pub const STUDENT_SHARDS: u32 = (\d+);$", open(store_rs).read(), re.M)
if not found:
    sys.exit(f"no `pub const STUDENT_SHARDS: u32 = N;` in {store_rs}")
shards = int(found.group(1))
params, resources = template["Parameters"], template["Resources"]
problems = []
machine = resources["NightlyStateMachine"]["Properties"]
text = machine["DefinitionString"]["Fn::Sub"]
if not isinstance(text, str):
    sys.exit("NightlyStateMachine: DefinitionString must be !Sub of one JSON text")
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:showup-nightly"

def value(match):
    name = match.group(1)
    if name == "NightlyFunction.Arn":
        return FUNCTION
    if name == "AWS::Partition":
        return "aws"
    if params.get(name, {}).get("Type") == "Number":
        return str(params[name]["Default"])
    sys.exit(f"NightlyStateMachine: unexpected ${{{name}}} in the definition")

definition = json.loads(re.sub(r"\$\{([^}!]+)\}", value, text))

def invokes(state, payload_key, payload):
    return (
        state.get("Type") == "Task"
        and state.get("Resource") == "arn:aws:states:::lambda:invoke"
        and state.get("Parameters", {}).get("FunctionName") == FUNCTION
        and state["Parameters"].get(payload_key) == payload
    )

def retries_throttling(name, state):
    errors = {e for r in state.get("Retry", []) if r.get("BackoffRate", 1) > 1 for e in r["ErrorEquals"]}
    for error in ["Lambda.TooManyRequestsException", "Lambda.ServiceException"]:
        if error not in errors:
            problems.append(f"{name}: no Retry with backoff on {error}")

# The states in the order they run (no Choice: one path).
states, order, name = definition["States"], [], definition["StartAt"]
while name is not None:
    if name in order:
        sys.exit(f"the definition loops at {name}")
    order.append(name)
    state = states[name]
    name = None if state.get("End") else state.get("Next")
maps = [n for n in order if states[n]["Type"] == "Map"]
if len(maps) != 1:
    sys.exit(f"want one Map over the shards, found {maps} in {order}")
students = states[maps[0]]
# The items: a Pass state before the Map puts them where the Map reads them.
items = None
for n in order[: order.index(maps[0])]:
    if states[n]["Type"] == "Pass" and states[n].get("ResultPath") == students.get("ItemsPath"):
        items = states[n].get("Result")
if items != list(range(shards)):
    problems.append(f"the Map's items are {items}, want shards 0..{shards - 1} (STUDENT_SHARDS = {shards})")
if students.get("ItemSelector") != {"shard.$": "$$.Map.Item.Value"}:
    problems.append(f"the Map hands each item on as {students.get('ItemSelector')}, want {{\"shard\": item}}")
if "${NightlyConcurrency}" not in text or students.get("MaxConcurrency") != int(params["NightlyConcurrency"]["Default"]):
    problems.append("the Map's MaxConcurrency must be the NightlyConcurrency parameter")
processor = students.get("ItemProcessor") or students.get("Iterator") or {}
inner = processor.get("States", {})
if len(inner) != 1 or not invokes(next(iter(inner.values())), "Payload.$", "$"):
    problems.append(f"each item must invoke the nightly function with {{\"shard\": n}} alone: {inner}")
else:
    retries_throttling("the shard's task", next(iter(inner.values())))
after = order[order.index(maps[0]) + 1 :]
if len(after) != 1 or not invokes(states[after[0]], "Payload", {"recount": True}):
    problems.append(f"after the Map, want one task invoking the function with {{\"recount\": true}} that ends the run: {after}")
else:
    retries_throttling(after[0], states[after[0]])

# Least privilege: the state machine's role invokes the nightly function only.
role = resources[machine["RoleArn"]["Fn::GetAtt"][0]]["Properties"]
statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
if statements != [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["NightlyFunction", "Arn"]}}]:
    problems.append(f"the state machine's role may do more than invoke the nightly function: {statements}")
function = resources["NightlyFunction"]["Properties"]
# It writes each student's figures in a transaction, which IAM checks as PutItem: without it
# every shard fails on AWS (DynamoDB Local checks no permissions, so only this can tell).
allowed = {
    action
    for p in function["Policies"]
    for s in p["Statement"]
    if s["Effect"] == "Allow"
    for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
}
if allowed != {"dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:PutItem"}:
    problems.append(f"NightlyFunction: want Query, BatchWriteItem and PutItem (in transactions), got {sorted(allowed)}")
if (function.get("Timeout"), function.get("MemorySize")) != (900, 1024):
    problems.append("NightlyFunction: Timeout 900 and MemorySize 1024")
schedule = resources["NightlySchedule"]["Properties"]
if schedule["Target"]["Arn"] != {"Ref": "NightlyStateMachine"} or schedule.get("ScheduleExpression") != {"Ref": "NightlyCron"}:
    problems.append("NightlySchedule must start NightlyStateMachine on the NightlyCron parameter")
if problems:
    sys.exit("\n".join(problems))

# For cfn-lint's ASL rules: the same template with the definition as an object.
del machine["DefinitionString"]
machine["Definition"] = definition
json.dump(template, open(resolved_out, "w"), indent=2)
PY
store_rs="$ROOT/api/src/store/mod.rs"
python3 "$scratch/nightly_check.py" "$OUT/template.rendered.json" "$store_rs" "$scratch/nightly.json"
cfn_lint "$scratch/nightly.json"
# The check must fail on a Map that misses a shard, and on a run that does not recount.
sed 's/13, 14, 15\]/13, 14]/' "$OUT/template.rendered.json" >"$scratch/missing-shard.json"
sed 's/\\"recount\\": true/\\"recount\\": false/' "$OUT/template.rendered.json" >"$scratch/no-recount.json"
for broken in missing-shard no-recount; do
  if cmp -s "$OUT/template.rendered.json" "$scratch/$broken.json" \
    || python3 "$scratch/nightly_check.py" "$scratch/$broken.json" "$store_rs" "$scratch/x.json" 2>/dev/null; then
    echo "the nightly check passed a state machine with a $broken" >&2
    exit 1
  fi
done

echo "== the import state machine: the district part, each school's part, then the counts"
# What cfn-lint cannot know: a split import (api/src/import/scope.rs) runs the import function
# with the steps api/src/service/uploads/sis_drop.rs reads (`PartEvent`), the Map over the
# schools the district part answers, and ImportFunction may start this state machine alone.
cat >"$scratch/import_check.py" <<'PY'
import json, re, sys

rendered, sis_drop_rs, resolved_out = sys.argv[1], sys.argv[2], sys.argv[3]
template = json.load(open(rendered))
rust = open(sis_drop_rs).read()
for variant in ["District { folder: String }", "School { folder: String, school: String }", "Recount { folder: String }"]:
    if variant not in rust:
        sys.exit(f"{sis_drop_rs}: PartEvent has no `{variant}`: the state machine's steps must match it")
params, resources = template["Parameters"], template["Resources"]
problems = []
machine = resources["ImportStateMachine"]["Properties"]
if machine.get("StateMachineName") != {"Fn::Sub": "showup-${StageName}-import"}:
    problems.append(f"ImportStateMachine's name is {machine.get('StateMachineName')}, want showup-${{StageName}}-import")
text = machine["DefinitionString"]["Fn::Sub"]
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:showup-import"

def value(match):
    name = match.group(1)
    if name == "ImportFunction.Arn":
        return FUNCTION
    if name == "AWS::Partition":
        return "aws"
    if params.get(name, {}).get("Type") == "Number":
        return str(params[name]["Default"])
    sys.exit(f"ImportStateMachine: unexpected ${{{name}}} in the definition")

definition = json.loads(re.sub(r"\$\{([^}!]+)\}", value, text))

def invokes(name, state, payload_key, payload):
    ok = (
        state.get("Type") == "Task"
        and state.get("Resource") == "arn:aws:states:::lambda:invoke"
        and state.get("Parameters", {}).get("FunctionName") == FUNCTION
        and state["Parameters"].get(payload_key) == payload
    )
    if not ok:
        problems.append(f"{name}: must invoke the import function with {payload_key} {payload}: {state}")
    errors = {e for r in state.get("Retry", []) if r.get("BackoffRate", 1) > 1 for e in r["ErrorEquals"]}
    for error in ["Lambda.TooManyRequestsException", "Lambda.ServiceException"]:
        if error not in errors:
            problems.append(f"{name}: no Retry with backoff on {error}")

states, order, name = definition["States"], [], definition["StartAt"]
while name is not None:
    if name in order:
        sys.exit(f"the import definition loops at {name}")
    order.append(name)
    name = None if states[name].get("End") else states[name].get("Next")
kinds = [states[n]["Type"] for n in order]
if kinds != ["Task", "Map", "Task"]:
    sys.exit(f"want the district part, a Map over the schools, the recount; found {order} ({kinds})")
district, schools, recount = (states[n] for n in order)
invokes(order[0], district, "Payload", {"part": "district", "folder.$": "$.folder"})
if district.get("ResultSelector") != {"schools.$": "$.Payload.schools"} or district.get("ResultPath") != "$.district":
    problems.append("the district part's answer must land as $.district.schools")
if schools.get("ItemsPath") != "$.district.schools":
    problems.append(f"the Map runs over {schools.get('ItemsPath')}, want the district part's schools")
if schools.get("ItemSelector") != {"part": "school", "folder.$": "$.folder", "school.$": "$$.Map.Item.Value"}:
    problems.append(f"the Map hands each school on as {schools.get('ItemSelector')}")
if "${ImportConcurrency}" not in text or schools.get("MaxConcurrency") != int(params["ImportConcurrency"]["Default"]):
    problems.append("the Map's MaxConcurrency must be the ImportConcurrency parameter")
inner = (schools.get("ItemProcessor") or {}).get("States", {})
if len(inner) != 1:
    problems.append(f"each school must be one task: {inner}")
else:
    invokes("the school's task", next(iter(inner.values())), "Payload.$", "$")
invokes(order[2], recount, "Payload", {"part": "recount", "folder.$": "$.folder"})
if not recount.get("End"):
    problems.append("the recount must end the run")

# Least privilege, both ways: the state machine invokes the import function only; the import
# function starts this state machine only, and is told its ARN.
role = resources[machine["RoleArn"]["Fn::GetAtt"][0]]["Properties"]
statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
if statements != [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["ImportFunction", "Arn"]}}]:
    problems.append(f"the import state machine's role may do more than invoke the import function: {statements}")
function = resources["ImportFunction"]["Properties"]
arn = {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:showup-${StageName}-import"}
env = function["Environment"]["Variables"]
if env.get("SHOWUP_IMPORT_STATE_MACHINE") != arn:
    problems.append(f"ImportFunction's SHOWUP_IMPORT_STATE_MACHINE is {env.get('SHOWUP_IMPORT_STATE_MACHINE')}, want {arn}")
if env.get("SHOWUP_SPLIT_IMPORT_BYTES") != {"Ref": "SplitImportBytes"}:
    problems.append("ImportFunction's SHOWUP_SPLIT_IMPORT_BYTES must be the SplitImportBytes parameter")
starts = [
    s for p in function["Policies"] for s in p.get("Statement", [])
    if any(str(a).startswith("states:") for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"]))
]
if [(s["Action"], s["Resource"]) for s in starts] != [("states:StartExecution", arn)]:
    problems.append(f"ImportFunction may do more with Step Functions than start the import state machine: {starts}")
if problems:
    sys.exit("\n".join(problems))

del machine["DefinitionString"]
machine["Definition"] = definition
json.dump(template, open(resolved_out, "w"), indent=2)
PY
sis_drop_rs="$ROOT/api/src/service/uploads/sis_drop.rs"
python3 "$scratch/import_check.py" "$OUT/template.rendered.json" "$sis_drop_rs" "$scratch/import.json"
cfn_lint "$scratch/import.json"
# The check must fail on a Map over anything but the district part's schools, and on a role
# that may start any state machine.
sed 's/\\"ItemsPath\\": \\"\$.district.schools\\"/\\"ItemsPath\\": \\"$.schools\\"/' \
  "$OUT/template.rendered.json" >"$scratch/import-items.json"
# shellcheck disable=SC2016 # the template's own ${StageName}, not the shell's
sed 's/stateMachine:showup-\${StageName}-import"/stateMachine:*"/' \
  "$OUT/template.rendered.json" >"$scratch/import-any.json"
for broken in import-items import-any; do
  if cmp -s "$OUT/template.rendered.json" "$scratch/$broken.json" \
    || python3 "$scratch/import_check.py" "$scratch/$broken.json" "$sis_drop_rs" "$scratch/x.json" 2>/dev/null; then
    echo "the import check passed a template with $broken" >&2
    exit 1
  fi
done

echo "== the API's zip holds the app's page (infra/build-lambda.sh, with stand-in binaries)"
mkdir -p "$scratch/bin" "$scratch/dist" "$scratch/out"
cp "$(type -P true)" "$scratch/bin/bootstrap"
cp "$(type -P true)" "$scratch/bin/aggregate"
cp "$(type -P true)" "$scratch/bin/inbound"
cp "$(type -P true)" "$scratch/bin/import_s3"
cp "$(type -P true)" "$scratch/bin/nightly"
echo '<!doctype html><title>page</title>' >"$scratch/dist/index.html"
LAMBDA_BIN_DIR="$scratch/bin" DIST_DIR="$scratch/dist" LAMBDA_OUT_DIR="$scratch/out" \
  bash "$INFRA/build-lambda.sh" >/dev/null 2>"$scratch/log" || { cat "$scratch/log" >&2; exit 1; }
python3 - "$scratch/out" "$scratch/dist/index.html" <<'PY'
import sys, zipfile
out, page = sys.argv[1], open(sys.argv[2], "rb").read()
api = zipfile.ZipFile(f"{out}/bootstrap.zip")
if sorted(api.namelist()) != ["bootstrap", "dist/index.html"]:
    sys.exit(f"bootstrap.zip holds {api.namelist()}, want bootstrap and dist/index.html")
if api.read("dist/index.html") != page:
    sys.exit("bootstrap.zip's dist/index.html is not the built page")
if (api.getinfo("bootstrap").external_attr >> 16) & 0o111 == 0:
    sys.exit("bootstrap.zip's bootstrap is not executable")
aggregate = zipfile.ZipFile(f"{out}/aggregate.zip").namelist()
if aggregate != ["bootstrap"]:
    sys.exit(f"aggregate.zip holds {aggregate}, want bootstrap alone")
for name in ["inbound", "import_s3", "nightly"]:
    held = zipfile.ZipFile(f"{out}/{name}.zip").namelist()
    if held != ["bootstrap"]:
        sys.exit(f"{name}.zip holds {held}, want bootstrap alone")
PY
if DIST_DIR="$scratch/none" LAMBDA_BIN_DIR="$scratch/bin" LAMBDA_OUT_DIR="$scratch/out" \
  bash "$INFRA/build-lambda.sh" >/dev/null 2>&1; then
  echo "infra/build-lambda.sh packaged the API without dist/index.html" >&2
  exit 1
fi

echo "== shell scripts"
for script in "$INFRA"/*.sh; do
  bash -n "$script"
done
shellcheck "$INFRA"/*.sh
echo "infra: all checks passed"
