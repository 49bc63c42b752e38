#!/usr/bin/env bash
# Deploys Showup to AWS: the CloudFormation stack from infra/template.yaml, then the frontend.
#
#   ARTIFACT_BUCKET=my-artifacts AWS_REGION=eu-west-2 infra/deploy.sh
#
# Before it: the frontend build (makes dist/ with index.html), then infra/build-lambda.sh (makes
# infra/out/bootstrap.zip, which holds that index.html: page loads are answered by the API). This
# script builds neither, so it deploys exactly what you built and checked.
#
# Environment:
#   ARTIFACT_BUCKET  required: an existing S3 bucket, in AWS_REGION, where
#                    `aws cloudformation package` uploads the Lambda zip and table.json
#   AWS_REGION       required (or AWS_DEFAULT_REGION, or a region in your AWS CLI profile)
#   STAGE            stack parameter StageName; default prod
#   STACK_NAME       default showup-$STAGE
#   ARTIFACT_PREFIX  key prefix in ARTIFACT_BUCKET; default $STACK_NAME
#   DIST_DIR         the built frontend; default dist (at the repository root)
#   SKIP_STACK=1     only upload the frontend (the stack must exist)
#   SKIP_FRONTEND=1  only deploy the stack
#   AWS_PROFILE etc. the AWS CLI's own settings, as usual
#
# Needs the AWS CLI (`aws`): `python3 -m pip install awscli`, or AWS CLI v2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA="$ROOT/infra"
OUT="$INFRA/out"

STAGE="${STAGE:-prod}"
STACK_NAME="${STACK_NAME:-showup-$STAGE}"
ARTIFACT_PREFIX="${ARTIFACT_PREFIX:-$STACK_NAME}"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"

die() { echo "deploy: $*" >&2; exit 1; }

command -v aws >/dev/null 2>&1 \
  || die "the AWS CLI is not installed: python3 -m pip install awscli (or install AWS CLI v2)"

if [ -n "${AWS_REGION:-}" ]; then
  export AWS_DEFAULT_REGION="$AWS_REGION"
elif [ -z "${AWS_DEFAULT_REGION:-}" ] && [ -z "$(aws configure get region 2>/dev/null || true)" ]; then
  die "set AWS_REGION (the region to deploy to)"
fi

stack_output() {
  aws cloudformation describe-stacks --stack-name "$STACK_NAME" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

if [ "${SKIP_STACK:-0}" != 1 ]; then
  [ -n "${ARTIFACT_BUCKET:-}" ] || die "set ARTIFACT_BUCKET (an S3 bucket for the packaged artifacts)"
  [ -f "$OUT/bootstrap.zip" ] || die "no $OUT/bootstrap.zip: run infra/build-lambda.sh first"

  echo "== package: uploading bootstrap.zip and table.json to s3://$ARTIFACT_BUCKET/$ARTIFACT_PREFIX/"
  aws cloudformation package \
    --template-file "$INFRA/template.yaml" \
    --s3-bucket "$ARTIFACT_BUCKET" \
    --s3-prefix "$ARTIFACT_PREFIX" \
    --output-template-file "$OUT/packaged.yaml"

  echo "== deploy: stack $STACK_NAME (StageName=$STAGE)"
  # CAPABILITY_IAM: the function's role. CAPABILITY_AUTO_EXPAND: the Serverless and Include
  # transforms.
  aws cloudformation deploy \
    --template-file "$OUT/packaged.yaml" \
    --stack-name "$STACK_NAME" \
    --parameter-overrides "StageName=$STAGE" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
    --tags "showup:stage=$STAGE" \
    --no-fail-on-empty-changeset
fi

if [ "${SKIP_FRONTEND:-0}" != 1 ]; then
  [ -f "$DIST_DIR/index.html" ] || die "no $DIST_DIR/index.html: build the frontend first"
  bucket="$(stack_output FrontendBucketName)"
  distribution="$(stack_output DistributionId)"
  if [ -z "$bucket" ] || [ "$bucket" = None ]; then
    die "stack $STACK_NAME has no FrontendBucketName output"
  fi

  # The file names are not content-hashed (pkg/frontend.js, pkg/frontend_bg.wasm), so browsers
  # must revalidate every time (max-age=0); CloudFront keeps them (s-maxage) until the
  # invalidation below.
  cache="public, max-age=0, must-revalidate, s-maxage=31536000"
  echo "== frontend: $DIST_DIR/ -> s3://$bucket/"
  aws s3 sync "$DIST_DIR/" "s3://$bucket/" --delete --exclude "*.wasm" --cache-control "$cache"
  # WebAssembly.instantiateStreaming needs application/wasm; do not leave it to guessing.
  aws s3 sync "$DIST_DIR/" "s3://$bucket/" --delete --exclude "*" --include "*.wasm" \
    --content-type application/wasm --cache-control "$cache"

  echo "== invalidating CloudFront $distribution"
  aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/*" \
    --query Invalidation.Id --output text
fi

echo "== done: $(stack_output Url)"
