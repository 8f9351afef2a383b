#!/usr/bin/env bash
# Page weight of the release build, raw, gzip -9 and brotli (quality 11): the
# first view (what index.html loads before `corscope-interactive`: HTML, CSS,
# the loader, the main JS and wasm module, the split loader the main JS
# imports) and each deferred part (the wasm chunks, fetched after it; #18).
# Also measures, built the same way, the benchmark page in benches/pages: a
# one-button Leptos app (the floor). Builds first unless --no-build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
if [ "${1:-}" != "--no-build" ]; then
  ./scripts/setup.sh
  trunk build --release >/dev/null 2>&1
  for page in floor; do
    trunk build --release --dist "target/bench-pages/$page" "benches/pages/$page/index.html" >/dev/null 2>&1
  done
fi
python3 -c "import brotli" 2>/dev/null || python3 -m pip install --quiet --user brotli
python3 - <<'PY'
import brotli, glob, gzip, os

def sizes(path):
    data = open(path, "rb").read()
    return [len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))]

def row(name, r):
    print(f"{name:48} {r[0]:>9,} {r[1]:>9,} {r[2]:>9,}")

def add(a, b):
    return [x + y for x, y in zip(a, b)]

def is_part(name):
    return name.endswith(".wasm") and (name.startswith("split_") or name.startswith("chunk_"))

def weigh(title, folder, detail):
    files = sorted(f for f in glob.glob(f"{folder}/*") if f.endswith((".wasm", ".js", ".css", ".html")))
    first, parts = [0, 0, 0], [0, 0, 0]
    for f in files:
        name = os.path.basename(f)
        r = sizes(f)
        if is_part(name):
            parts = add(parts, r)
            if detail and name.startswith("split_"):
                row("  part " + name, r)
        else:
            first = add(first, r)
            if detail:
                row(name, r)
    row(title, first)
    if detail:
        # #18's budget: everything index.html loads before `corscope-interactive`.
        budget = 200_000
        verdict = "met" if first[1] <= budget else "NOT met"
        print(f"{'  budget: first view at most 200,000 B gzip':48} {'':>9} {first[1]:>9,}  {verdict} ({budget - first[1]:+,} B to spare)")
    if parts != [0, 0, 0]:
        row("deferred parts (" + str(sum(is_part(os.path.basename(f)) for f in files)) + " wasm chunks), total", parts)
        row("the whole page", add(first, parts))

print(f"{'file':48} {'raw':>9} {'gzip':>9} {'brotli':>9}")
weigh("first view, total", "dist", True)
psl = open("dist/public_suffix_list.dat", "rb").read()
print(f"{'public_suffix_list.dat (after the first view)':48} {len(psl):>9,} {len(gzip.compress(psl, 9)):>9,} {len(brotli.compress(psl, quality=11)):>9,}")
for page, title in [("floor", "one-button Leptos app (the floor)")]:
    if os.path.isdir(f"target/bench-pages/{page}"):
        weigh(title, f"target/bench-pages/{page}", False)
PY
