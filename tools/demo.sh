#!/bin/sh
# Command 1: installs what is needed, builds vcolorize and colorizes the
# bundled sample (samples/vtest-gray.mkv: 48 grayscale frames of OpenCV's
# vtest clip) from its reference picture (samples/vtest-ref.jpg) with the
# vcolorize element, twice: the colour video, and the gray input beside it
# (view=side-by-side). Writes demo-out/vtest-colour.webm and
# demo-out/vtest-side-by-side.webm (VP8 in WebM), a still of the latter
# (demo-out/vtest-side-by-side-40.png), and prints the frame rates.
#
# The network runs at its full resolution (network-size 256) on a GPU, and
# at network-size 128 on the CPU (lavapipe): about four times less work.
#
#   ./tools/demo.sh [--network-size N]
#   ./tools/demo.sh --bench [vc-bench options]    the engine benchmark instead
set -eu
cd "$(dirname "$0")/.."
started=$(date +%s)

./tools/bootstrap.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build
# meson copies the model into the build tree when it finds it at configure time
if [ -e models/vcolorize.safetensors ] && [ ! -e build/models/vcolorize.safetensors ]; then
  meson setup --reconfigure build >/dev/null
  ninja -C build
fi

if [ "${1:-}" = --bench ]; then
  shift
  exec ./build/tests/bench/vc-bench "$@"
fi

# The device the element picks: the first discrete GPU, else the first
# integrated one, else the first device.
devices=$(./build/tests/bench/vc-bench --list | sed 's/^[0-9]*: //')
device=$(printf '%s\n' "$devices" | grep -m 1 '(discrete GPU)$' ||
  printf '%s\n' "$devices" | grep -m 1 '(integrated GPU)$' ||
  printf '%s\n' "$devices" | head -n 1)
case "$device" in
  *"(CPU)") net_size=128 ;;
  *) net_size=256 ;;
esac
if [ "${1:-}" = --network-size ]; then
  net_size=${2:?--network-size needs a value}
fi

if [ ! -e build/models/vcolorize.safetensors ]; then
  echo "demo: no model: models/vcolorize.safetensors is missing" >&2
  exit 1
fi

mkdir -p demo-out
echo "demo: colorizing samples/vtest-gray.mkv on $device at network size $net_size"
summary=""

# colorize VIEW NAME: runs pipelines/colorize-file.sh with the element's
# VIEW into demo-out/vtest-NAME.webm and adds its frame rate to the summary.
colorize () {
  out=demo-out/vtest-$2.webm
  log=demo-out/vtest-$2.log
  echo "demo: $out"
  # the log keeps everything; progress and problems are shown as they come
  { VCOLORIZE="network-size=$net_size view=$1" \
      pipelines/colorize-file.sh samples/vtest-gray.mkv "$out" samples/vtest-ref.jpg 2>&1
    echo "exit status $?"; } | tee "$log" | grep --line-buffered -E 'progressreport|ERROR|WARN'
  if ! tail -n 1 "$log" | grep -q 'exit status 0'; then
    echo "demo: the pipeline failed; see $log" >&2
    exit 1
  fi
  info=$(./tools/video-info.sh "$out")
  frames=$(echo "$info" | cut -d ' ' -f 1)
  # gst-launch's "Execution ended after H:MM:SS.NNNNNNNNN": the time from
  # PLAYING to the end, without the start-up (Vulkan device, model,
  # reference) and the first frame, which the pipeline made before PLAYING
  seconds=$(sed -n 's/^Execution ended after \([0-9]*\):\([0-9]*\):\([0-9.]*\)$/\1 \2 \3/p' "$log" |
    awk '{ printf "%.1f", $1 * 3600 + $2 * 60 + $3 }')
  fps=$(awk -v n="$frames" -v s="$seconds" 'BEGIN { printf "%.2f", (s > 0) ? (n - 1) / s : 0 }')
  summary="$summary
  $out: $frames frames of $(echo "$info" | cut -d ' ' -f 2,3 | tr ' ' x) in $seconds s, $fps fps"
}

colorize colour colour
colorize side-by-side side-by-side

# one still of the side-by-side video to look at: frame 40 (8 s in)
frames=$(mktemp -d)
gst-launch-1.0 -q filesrc location=demo-out/vtest-side-by-side.webm ! decodebin ! \
  videoconvert ! pngenc ! multifilesink location="$frames/%02d.png"
cp "$frames/40.png" demo-out/vtest-side-by-side-40.png
rm -rf "$frames"
summary="$summary
  demo-out/vtest-side-by-side-40.png: frame 40 of the side-by-side video"

echo "demo: done in $(($(date +%s) - started)) s (build included)$summary"
