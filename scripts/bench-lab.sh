#!/usr/bin/env bash
# The lab under load: wrk (Debian's) for SECONDS (default 30) against the
# scenario endpoint with the journal on, then against /closed; prints
# requests/s and the lab's peak memory (VmHWM) and memory at the end (VmRSS).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p corscope-lab
port=$((20000 + RANDOM % 20000))
./target/release/corscope-lab serve --port $((port + 1)) --lab-port "$port" --https-port $((port + 2)) --dist /nonexistent >/dev/null 2>&1 &
lab=$!
trap 'kill $lab 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/closed" && break; sleep 0.1; done
mem() { awk '/VmHWM|VmRSS/ {printf "%s %s kB  ", $1, $2}' "/proc/$lab/status"; echo; }
echo "lab started: $(mem)"
# The allow-all scenario's run URL, made by the engine's own run-URL builder.
run_url=$(./target/release/corscope-lab run-url - --lab "http://127.0.0.1:$port" --run bench <<'JSON'
{"page": "http://localhost:8080", "request": {"url": "http://127.0.0.1/"},
 "server": {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]], "body": "ok"}}}
JSON
)
for url in "$run_url" "http://127.0.0.1:$port/closed?run=bench-closed"; do
  echo "== wrk -t2 -c64 -d${seconds}s ${url%%&*}…"
  wrk -t2 -c64 -d"${seconds}s" -H "Origin: http://localhost:8080" -H "X-Padding: $(head -c 2000 /dev/zero | tr '\0' 'p')" "$url" | grep -E "Requests/sec|Latency|requests in"
  echo "   memory: $(mem)"
done
