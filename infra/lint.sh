#!/usr/bin/env bash
# Checks the infrastructure files without touching AWS:
#   1. cfn-lint on infra/template.yaml as written;
#   2. cfn-lint on a copy with every local AWS::Include expanded (what CloudFormation will see),
#      so infra/table.json is checked against the AWS::DynamoDB::Table schema too;
#   3. bash -n and shellcheck (when installed) on the infra scripts.
# Installs cfn-lint with pip when missing. Writes only infra/out/template.rendered.json.
set -euo pipefail

INFRA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$INFRA/out"
mkdir -p "$OUT"

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint not found; installing it with pip" >&2
  python3 -m pip install --quiet cfn-lint
fi

echo "== cfn-lint infra/template.yaml"
cfn-lint "$INFRA/template.yaml"

echo "== cfn-lint with AWS::Include expanded"
python3 - "$INFRA/template.yaml" "$OUT/template.rendered.json" <<'PY'
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
cfn-lint "$OUT/template.rendered.json"

echo "== shell scripts"
for script in "$INFRA"/*.sh; do
  bash -n "$script"
done
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck "$INFRA"/*.sh
else
  echo "shellcheck not installed (apt-get install -y shellcheck); skipped" >&2
fi
echo "infra: all checks passed"
