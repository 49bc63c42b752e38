#!/usr/bin/env bash
# Builds the browser app into dist/ (ignored by git), ready for `showup serve --static-dir dist`:
#   dist/index.html, dist/style.css, dist/pkg/frontend.js, dist/pkg/frontend_bg.wasm (the first
#   page), dist/pkg/__wasm_split.js and the modules it loads on demand (staff pages, sign-in),
#   dist/sw.js (offline), dist/manifest.webmanifest and dist/icons/ (installable)
# Incremental: cargo rebuilds only what changed, and the wasm post-processing runs only when
# its input changed. Prints the first-page payload at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v wasm-bindgen >/dev/null || ! command -v wasm-opt >/dev/null \
  || ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  step "Installing missing tools (scripts/setup.sh)"
  scripts/setup.sh
fi

# wasm-split-cli cuts the pages a family never needs out of the first download (see below).
# It must understand the split points of the `wasm_split_helpers` in Cargo.lock (0.2.x).
wasm_split_version=0.2.4
if ! grep -qs "^\"wasm_split_cli_support $wasm_split_version " "$SHOWUP_CACHE/tools/.crates.toml" \
  || ! command -v wasm-split-cli >/dev/null; then
  step "Installing wasm-split-cli $wasm_split_version (crates.io, about 2 minutes)"
  cargo install --quiet --locked wasm_split_cli_support --version "$wasm_split_version" \
    --features build-binary --root "$SHOWUP_CACHE/tools"
fi

# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate, or the glue mismatches.
want_wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have_wbg=$(wasm-bindgen --version | awk '{print $2}')
if [ "$have_wbg" != "$want_wbg" ]; then
  echo "wasm-bindgen-cli is $have_wbg but Cargo.lock has wasm-bindgen $want_wbg: run scripts/setup.sh" >&2
  exit 1
fi

step "Compiling frontend (wasm-release)"
# `erase_components` type-erases Leptos views and components: one copy of the rendering code
# instead of one per view type. Measured here: 314 KB → 271 KB gzip of WASM, same behaviour.
# `--emit-relocs` keeps the linker's relocations, which wasm-split needs to cut the module.
# Only the browser build gets these (the target-specific variable), so the server keeps its cache.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:---cfg erase_components -Clink-args=--emit-relocs}"
cargo build --profile wasm-release --target wasm32-unknown-unknown -p frontend

# The steps from here to the copy take two minutes and depend only on the compiled module and
# this script: when neither changed since the last build, dist/pkg is already their output.
out=dist
input="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/frontend.wasm"
stamp=$(cat "$input" scripts/build-frontend.sh | sha256sum | cut -c1-64)
if [ -f "$out/pkg/.stamp" ] && [ "$(cat "$out/pkg/.stamp")" = "$stamp" ]; then
  step "Split, glue and shrunk modules are up to date (dist/pkg)"
else
  step "Splitting out the pages loaded on demand (wasm-split-cli)"
  # Every `#[lazy]` function (frontend/src/later.rs: staff pages, sign-in) becomes its own module,
  # code shared by several of them a chunk_N module, fetched by pkg/__wasm_split.js when first
  # needed. What the family's page needs stays in the main module. Measured here: 577 KB → 324 KB
  # gzip for the main module, with the staff pages of pages/team/.
  rm -rf "$out/pkg"
  mkdir -p "$out/pkg"
  wasm-split-cli --out-name frontend --target web "$input" "$out/pkg" \
    2> >(grep -v 'unknown name subsection' >&2)

  step "Generating JS glue (wasm-bindgen)"
  # The main module exports what the split modules import: keep those exports and their names.
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$out/pkg" \
    "$out/pkg/frontend.wasm" 2> >(grep -v 'unknown name subsection' >&2)
  rm "$out/pkg/frontend.wasm"

  step "Shrinking (wasm-opt -Oz)"
  # The features rustc's wasm32 target uses by default (`rustc --print cfg --target wasm32-unknown-unknown`).
  # binaryen 132 also reads them from the module's target_features section (same output either way);
  # naming them keeps the build working if that section is stripped, instead of a validation failure.
  # Chromium has had all of them since 2021. Use binaryen from npm: Debian's v108 breaks the externref table.
  # The main module, then the split ones two at a time; chunks under 4 KB are left as they are
  # (the npm wasm-opt takes over a second to start, for a few hundred bytes each).
  shrink() {
    wasm-opt -Oz \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$1" -o "$1" 2> >(grep -v 'unknown name subsection' >&2)
  }
  export -f shrink
  shrink "$out/pkg/frontend_bg.wasm"
  find "$out/pkg" -name '*.wasm' ! -name frontend_bg.wasm -size +4k -print0 \
    | xargs -0 -r -n 1 -P 2 bash -c 'shrink "$0"'
  echo "$stamp" >"$out/pkg/.stamp"
fi

step "Precompressing (brotli and gzip at their best, beside each file)"
# `showup serve` answers with the .br (or .gz) when the browser takes it, instead of gzip on the
# fly at a fast level: measured here, the first page's WASM goes from 280 KB (gzip) to 227 KB.
# Node's own zlib has brotli; CloudFront compresses the same files in production (Compress: true).
precompress() {
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT, BROTLI_MAX_QUALITY } = zlib.constants;
    for (const f of process.argv.slice(1)) {
      const raw = fs.readFileSync(f);
      const params = { [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_SIZE_HINT]: raw.length };
      fs.writeFileSync(`${f}.br`, zlib.brotliCompressSync(raw, { params }));
      fs.writeFileSync(`${f}.gz`, zlib.gzipSync(raw, { level: 9 }));
    }' "$@"
}

step "Copying index.html, style.css, the service worker, manifest and icons"
cp frontend/index.html "$out/"
# One stylesheet, one request: the base and staff styles, then the families' and students'.
# Comments and indentation are for the people who edit it, not for the phone (about 1 KB gzip).
cat frontend/style.css frontend/family.css \
  | perl -0pe 's{/\*.*?\*/}{}gs; s/\n\s*\n+/\n/g; s/^\s+//mg' >"$out/style.css"
rm -rf "$out/icons"
cp -r frontend/static/icons "$out/icons"
cp frontend/static/manifest.webmanifest "$out/"
# A new build is a new service worker (which fetches the new app): name it after the files.
build=$(cat "$out/index.html" "$out/style.css" "$out/pkg/frontend.js" "$out/pkg/frontend_bg.wasm" \
  | sha256sum | cut -c1-16)
sed "s/__SHOWUP_BUILD__/$build/" frontend/static/sw.js >"$out/sw.js"
# The module's only when it changed (a few seconds for all of pkg/); the small files every time.
if [ ! -f "$out/pkg/frontend_bg.wasm.br" ] || [ "$out/pkg/.stamp" -nt "$out/pkg/frontend_bg.wasm.br" ]; then
  mapfile -d '' pkg_files < <(find "$out/pkg" \( -name '*.wasm' -o -name '*.js' \) -size +1k -print0)
  precompress "${pkg_files[@]}"
fi
precompress "$out/style.css" "$out/sw.js"

step "First-page payload"
total_raw=0
total_gz=0
total_br=0
for f in "$out/index.html" "$out/pkg/frontend_bg.wasm" "$out/pkg/frontend.js" "$out/pkg/__wasm_split.js" \
  "$out/style.css"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  # What goes over the network locally: the .br beside it (index.html: gzip on the fly).
  br=$gz
  [ -f "$f.br" ] && br=$(wc -c <"$f.br")
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  total_br=$((total_br + br))
  printf '  %-28s %8d B raw %8d B gzip %8d B brotli\n' "${f#"$out"/}" "$raw" "$gz" "$br"
done
printf '  %-28s %8d B raw %8d B gzip %8d B brotli\n' "total" "$total_raw" "$total_gz" "$total_br"
# The budget for a phone on a slow network: 300 kB gzip for the first page.
budget=300000
if [ "$total_gz" -gt "$budget" ]; then
  echo "warning: the first-page payload is $total_gz B gzip, over the budget of $budget B" >&2
fi
