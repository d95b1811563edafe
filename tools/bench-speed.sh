#!/bin/sh
# The element's speed beside PyTorch's on the same network, in one run:
# vc-pipeline-bench (vcolorize in videotestsrc ! vcolorize ! fakesink
# pipelines) at each frame size, then models/train/bench_torch.py (the same
# network at the same network resolutions, eager fp16 and torch.compile) with
# the ratios of the GPU times. Where Python has no PyTorch with CUDA, it says
# so and gives vcolorize's figures only.
#
#   ./tools/bench-speed.sh [vc-pipeline-bench options]     in this checkout (builds first)
#   BUNDLE/bench-speed.sh [vc-pipeline-bench options]      in a tools/bench-bundle.sh bundle
#
# Environment: PYTHON (default python3), BENCH_TORCH_ARGS (more options for
# bench_torch.py, e.g. "--checkpoint ckpt.pt --compile-mode max-autotune"),
# VC_SPEED_OUT (folder for ours.json and torch.json; default a new temporary
# one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/env.sh" ]; then
  # a bundle: its own libraries, GStreamer and plugin
  bench="$here/run-pipeline.sh"
  torch_dir="$here/torch"
else
  root=$(dirname "$here")
  [ -d "$root/build" ] || meson setup "$root/build" >/dev/null
  ninja -C "$root/build" tests/bench/vc-pipeline-bench gst/libgstvcolorize.so >/dev/null
  bench="$root/build/tests/bench/vc-pipeline-bench"
  torch_dir="$root/models/train"
fi
out=${VC_SPEED_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/vc-speed-XXXXXX")}
mkdir -p "$out"
python=${PYTHON:-python3}

# a size that failed is reported and left out; the others are still compared
status=0
"$bench" --json "$out/ours.json" "$@" || status=$?
[ -f "$out/ours.json" ] || exit "$status"
echo
if "$python" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null
then
  # shellcheck disable=SC2086 # BENCH_TORCH_ARGS is a list of options
  "$python" "$torch_dir/bench_torch.py" --ours "$out/ours.json" --json "$out/torch.json" \
    ${BENCH_TORCH_ARGS:-} || status=$?
else
  echo "bench-speed: $python has no PyTorch with a CUDA device: vcolorize's figures only"
fi
if [ -f "$out/torch.json" ]; then
  echo "results: $out/ours.json $out/torch.json"
else
  echo "results: $out/ours.json"
fi
exit "$status"
