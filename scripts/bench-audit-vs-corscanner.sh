#!/usr/bin/env bash
# corscope-lab audit side by side with CORScanner (PyPI, pinned) on a ground
# truth of our own: every policy the lab serves (/policy/NAME: 12 wrong in a
# known way, 1 right) on HOSTS loopback names. Reports, for both, the
# vulnerable endpoints found, the false alarms, URLs per second and peak memory.
#
#   ./scripts/bench-audit-vs-corscanner.sh [HOSTS (15)] [THREADS (8)]
#
# Needs python3 with venv (Debian: python3-venv); CORScanner goes into
# target/corscanner-venv. Its Public Suffix List is its bundled snapshot and
# *.localhost resolves to loopback (scripts/corscanner-offline.py): nothing
# leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${1:-15}
THREADS=${2:-8}
CORSCANNER_VERSION=0.9.7
OUT=target/bench-audit
mkdir -p "$OUT"

VENV=target/corscanner-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/pip" show corscanner 2>/dev/null | grep -q "^Version: $CORSCANNER_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "corscanner==$CORSCANNER_VERSION"
fi
cargo build -q --release -p corscope-lab
LAB=target/release/corscope-lab

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PAGE_PORT=$(free_port)
LAB_PORT=$(free_port)
mkdir -p "$OUT/empty-dist"
"$LAB" serve --port "$PAGE_PORT" --lab-port "$LAB_PORT" --dist "$OUT/empty-dist" > "$OUT/lab.log" 2>&1 &
LAB_PID=$!
trap 'kill $LAB_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$LAB_PORT/open" > /dev/null && break; sleep 0.1; done

# The ground truth (crates/lab/src/policies.rs): vulnerable but for `exact`,
# `http-trusted` (on an http target the http origin it trusts is the target's
# own) and `regex-dot` on a host without a dot (nothing to swap). `wildcard`
# lets any site read the data (low, still a finding); `preflight-reflect`
# misbehaves in preflights only.
POLICIES="reflect-credentials reflect null-credentials prefix suffix regex-dot contains http-trusted subdomains preflight-reflect wildcard-credentials wildcard exact"
: > "$OUT/urls.txt"
: > "$OUT/truth.txt"
for i in $(seq "$HOSTS"); do
  host="api$i.shop$i.localhost"
  [ "$i" = 1 ] && host="localhost"
  for p in $POLICIES; do
    url="http://$host:$LAB_PORT/policy/$p"
    curl -sf -o /dev/null "$url" || { echo "the lab does not serve $url" >&2; exit 1; }
    echo "$url" >> "$OUT/urls.txt"
    case "$p:$host" in
      exact:*|http-trusted:*|regex-dot:localhost) echo "$url safe" >> "$OUT/truth.txt" ;;
      *) echo "$url vulnerable" >> "$OUT/truth.txt" ;;
    esac
  done
done
N=$(wc -l < "$OUT/urls.txt")

measure() { # NAME COMMAND...: runs it under /usr/bin/time, prints "seconds peak_kib"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || true
  cat "$OUT/$name.time" | tail -1
}

read -r CS_S CS_KIB < <(measure corscope "$LAB" audit --file "$OUT/urls.txt" --jsonl --concurrency "$THREADS")
read -r SC_S SC_KIB < <(measure corscanner "$VENV/bin/python" scripts/corscanner-offline.py -i "$OUT/urls.txt" -t "$THREADS" -o "$OUT/corscanner.json")

python3 - "$OUT" "$N" "$CS_S" "$CS_KIB" "$SC_S" "$SC_KIB" <<'EOF'
import json, sys
out, n, cs_s, cs_kib, sc_s, sc_kib = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
truth = dict(line.split() for line in open(f"{out}/truth.txt"))
vulnerable = {u for u, t in truth.items() if t == "vulnerable"}
corscope = set()
errors = 0
for line in open(f"{out}/corscope.out"):
    a = json.loads(line)
    if a.get("error"):
        errors += 1
    if a.get("findings"):
        corscope.add(a["url"])
try:
    corscanner = {r["url"] for r in json.load(open(f"{out}/corscanner.json"))}
except (OSError, ValueError):
    corscanner = set()
print(f"ground truth: {n} endpoints ({len(vulnerable)} vulnerable, {n - len(vulnerable)} safe) on loopback")
print(f"{'tool':<16}{'found':>10}{'false alarms':>14}{'URLs/s':>10}{'peak MiB':>10}")
for name, found, secs, kib in [("corscope audit", corscope, cs_s, cs_kib), ("CORScanner", corscanner, sc_s, sc_kib)]:
    hits = len(found & vulnerable)
    false = len(found - vulnerable)
    print(f"{name:<16}{hits:>6}/{len(vulnerable):<3}{false:>14}{n / max(secs, 0.001):>10.0f}{kib / 1024:>10.1f}")
missed = sorted({u.rsplit('/', 1)[1] for u in vulnerable - corscope})
print(f"corscope missed policies: {', '.join(missed) or 'none'}; audit errors: {errors}")
missed = sorted({u.rsplit('/', 1)[1] for u in vulnerable - corscanner})
print(f"CORScanner missed policies: {', '.join(missed) or 'none'}")
EOF
