#!/usr/bin/env bash
# Runs every cargo-fuzz target of the engine for SECONDS each (default 20),
# starting from the committed corpus. A crash stops it with the input saved
# under crates/engine/fuzz/artifacts/ (turn it into a regression test).
set -euo pipefail
cd "$(dirname "$0")/../crates/engine/fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-20}
# cargo-fuzz passes -Z flags; the stable toolchain accepts them this way.
export RUSTC_BOOTSTRAP=1
for target in parse_and_decide permalink_decode console_message copied_request har; do
  work=$(mktemp -d)
  cp corpus/"$target"/* "$work"/
  echo "fuzz: $target for ${seconds}s" >&2
  log="$work.log"
  status=0
  cargo fuzz run --sanitizer none "$target" "$work" -- -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|==[0-9]+==|thread '|Failing input|SUMMARY|  [0-9]+: )" "$log" | head -40 || true
  if [ "$status" != 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz: $target failed (exit $status); a crash input is under crates/engine/fuzz/artifacts/$target/" >&2
    exit 1
  fi
  rm -rf "$work" "$log"
done
