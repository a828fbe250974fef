#!/usr/bin/env bash
# npm run bench [-- --device cpu|cuda]: every benchmark in turn (COW, attention modulation with GFLOP/s and
# fraction of peak, browser vs Node with WASM threads, low-memory mode). Every ratio is a paired measurement
# (scripts/paired-bench.ts). --device goes to the Node benchmarks (the web benchmark always compares the
# browser with Node CPU); each script's own options are given by running it directly (see its header).
set -euo pipefail
device=()
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device=(--device "${2:?--device needs cpu or cuda}"); shift 2 ;;
    --device=*) device=("$1"); shift ;;
    *) echo "npm run bench takes only --device cpu|cuda, got '$1'; run a script in scripts/ for its own options." >&2; exit 2 ;;
  esac
done
npx tsx scripts/bench.ts "${device[@]}"
npx tsx scripts/bench-attention.ts "${device[@]}"
npx tsx scripts/bench-queue.ts "${device[@]}"
npx tsx scripts/bench-load-memory.ts
npx tsx scripts/bench-finite-check.ts
npx tsx scripts/bench-web.ts
npx tsx scripts/bench-low-memory.ts "${device[@]}"
