#!/usr/bin/env bash
# Page weight of the first view: the release build's wasm, JS, CSS and HTML,
# raw, gzip -9 and brotli (quality 11). Also measures, built the same way, the
# two benchmark pages in benches/pages: a one-button Leptos app (the floor)
# and corscope's first view alone. Builds first unless --no-build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
if [ "${1:-}" != "--no-build" ]; then
  ./scripts/setup.sh
  trunk build --release >/dev/null 2>&1
  for page in floor first-view; do
    trunk build --release --dist "target/bench-pages/$page" "benches/pages/$page/index.html" >/dev/null 2>&1
  done
fi
python3 -c "import brotli" 2>/dev/null || python3 -m pip install --quiet --user brotli
python3 - <<'PY'
import brotli, glob, gzip, os

def weigh(title, folder, detail):
    files = [f for f in glob.glob(f"{folder}/*") if f.endswith((".wasm", ".js", ".css", ".html"))]
    total = [0, 0, 0]
    for f in sorted(files):
        data = open(f, "rb").read()
        row = [len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))]
        total = [a + b for a, b in zip(total, row)]
        if detail:
            print(f"{os.path.basename(f):48} {row[0]:>9,} {row[1]:>9,} {row[2]:>9,}")
    print(f"{title:48} {total[0]:>9,} {total[1]:>9,} {total[2]:>9,}")

print(f"{'file':48} {'raw':>9} {'gzip':>9} {'brotli':>9}")
weigh("first view, total", "dist", True)
psl = open("dist/public_suffix_list.dat", "rb").read()
print(f"{'public_suffix_list.dat (after the first view)':48} {len(psl):>9,} {len(gzip.compress(psl, 9)):>9,} {len(brotli.compress(psl, quality=11)):>9,}")
for page, title in [("floor", "one-button Leptos app (the floor)"), ("first-view", "request, answers and prediction alone")]:
    if os.path.isdir(f"target/bench-pages/{page}"):
        weigh(title, f"target/bench-pages/{page}", False)
PY
