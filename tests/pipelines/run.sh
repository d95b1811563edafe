#!/bin/sh
# Runs one of the example pipelines (pipelines/) to completion on test
# sources — videotestsrc for the camera, small files made here for the
# archive, the bundled sample — and checks what it wrote: the frame count
# and size of the output video, the exit status, the messages.
#
#   tests/pipelines/run.sh camera|file|preview|refs-pads|hints|embed|qa|batch|install
#
# Environment (set by tests/pipelines/meson.build):
#   VC_SOURCE_ROOT, VC_BUILD_ROOT   the checkout and the build
#   GST_PLUGIN_PATH                 the build's plugin
#   VC_ASAN_RUNTIME                 libasan, for a build with AddressSanitizer
#                                   (preloaded: gst-launch-1.0 and python3 are
#                                   not built with it, the plugin they load is)
set -eu

name=${1:?usage: run.sh camera|file|preview|refs-pads|hints|embed|qa|batch|install}
root=${VC_SOURCE_ROOT:?}
build=${VC_BUILD_ROOT:?}
if [ -n "${VC_ASAN_RUNTIME:-}" ]; then
  export LD_PRELOAD="$VC_ASAN_RUNTIME${LD_PRELOAD:+:$LD_PRELOAD}"
  # leaks are checked by the element's own tests; these processes are the
  # tools' (gst-launch-1.0, python3), whose exit-time leaks are not ours
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
# small network: a few seconds of lavapipe per pipeline
export VCOLORIZE="network-size=64"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

# expect FILE FRAMES WIDTH HEIGHT: FILE decodes to FRAMES frames of
# WIDTH×HEIGHT (FRAMES "any": at least one)
expect () {
  info=$("$root/tools/video-info.sh" "$1") || fail "$1 does not decode"
  set -- "$1" "$2" "$3" "$4" $info
  [ "$6 $7" = "$3 $4" ] || fail "$1 is $6x$7, expected $3x$4"
  if [ "$2" = any ]; then
    [ "$5" -ge 1 ] || fail "$1 has no frames"
  else
    [ "$5" = "$2" ] || fail "$1 has $5 frames, expected $2"
  fi
  echo "ok: $1: $5 frames of $6x$7"
}

# gray_clip FILE FRAMES: a small gray test clip (moving shapes), MJPEG in Matroska
gray_clip () {
  gst-launch-1.0 -q videotestsrc pattern=ball num-buffers="$2" ! \
    video/x-raw,width=96,height=64,framerate=10/1,format=GRAY8 ! \
    jpegenc ! matroskamux ! filesink location="$1"
}

ref_image="$root/samples/vtest-ref.jpg"

case "$name" in
camera)
  # a live source at 15 fps; the leaky queue may drop frames when lavapipe
  # is slower than that, so the count is "at least one"
  VC_SOURCE="videotestsrc is-live=true num-buffers=15 ! video/x-raw,width=128,height=96,framerate=15/1" \
  VC_SINK="videoconvert ! jpegenc ! avimux ! filesink location=camera.avi" \
    "$root/pipelines/camera.sh" "$ref_image" >log.txt 2>&1 || { cat log.txt; fail "camera.sh failed"; }
  expect camera.avi any 128 96
  ;;
file)
  # the README's main job on the bundled sample itself
  "$root/pipelines/colorize-file.sh" "$root/samples/vtest-gray.mkv" colour.webm "$ref_image" \
    >log.txt 2>&1 || { cat log.txt; fail "colorize-file.sh failed"; }
  grep -q 'progressreport' log.txt || fail "no progress report"
  expect colour.webm 48 341 256
  # any container GStreamer reads, and MJPEG in AVI out
  gray_clip in.mkv 12
  "$root/pipelines/colorize-file.sh" in.mkv out.avi "$ref_image" >log.txt 2>&1 ||
    { cat log.txt; fail "colorize-file.sh failed on a test clip"; }
  expect out.avi 12 96 64
  # a bad output name is refused before anything runs
  if "$root/pipelines/colorize-file.sh" in.mkv out.xyz "$ref_image" 2>err.txt; then
    fail "colorize-file.sh accepted an unknown output type"
  fi
  grep -q 'unknown output type' err.txt || fail "no message for an unknown output type"
  ;;
preview)
  gray_clip in.mkv 10
  VC_SINK="videoconvert ! jpegenc ! avimux ! filesink location=preview.avi" \
    "$root/pipelines/preview.sh" in.mkv "$ref_image" >log.txt 2>&1 || { cat log.txt; fail "preview.sh failed"; }
  # the input beside the colour: twice as wide
  expect preview.avi 10 192 64
  ;;
refs-pads)
  gray_clip in.mkv 12
  # a colour video as a live reference, longer than the input
  gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=20 ! \
    video/x-raw,width=80,height=60,framerate=10/1 ! vp8enc ! webmmux ! filesink location=ref.webm
  "$root/pipelines/refs-pads.sh" in.mkv out.webm "$ref_image" ref.webm >log.txt 2>&1 ||
    { cat log.txt; fail "refs-pads.sh failed"; }
  expect out.webm 12 96 64
  # the image alone
  "$root/pipelines/refs-pads.sh" in.mkv image.webm "$ref_image" >log.txt 2>&1 ||
    { cat log.txt; fail "refs-pads.sh failed with an image only"; }
  expect image.webm 12 96 64
  ;;
hints)
  # the bundled sample with its hints, all defaults
  "$root/pipelines/hints.sh" >log.txt 2>&1 || { cat log.txt; fail "hints.sh failed"; }
  expect vtest-hints.webm 48 341 256
  # a picture of another size and without alpha (every pixel a hint), MJPEG in AVI
  gray_clip in.mkv 12
  gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=solid-color foreground-color=0xff2080c0 ! \
    video/x-raw,width=40,height=30 ! jpegenc ! filesink location=hints.jpg
  "$root/pipelines/hints.sh" in.mkv out.avi hints.jpg >log.txt 2>&1 ||
    { cat log.txt; fail "hints.sh failed on a test clip"; }
  expect out.avi 12 96 64
  ;;
batch)
  # two files of different lengths, one with a space in its name, in one process
  gray_clip a.mkv 12
  gray_clip "b clip.mkv" 8
  "$root/pipelines/batch.sh" out "$ref_image" a.mkv "b clip.mkv" >log.txt 2>&1 ||
    { cat log.txt; fail "batch.sh failed"; }
  expect out/a.webm 12 96 64
  expect "out/b clip.webm" 8 96 64
  # two inputs whose outputs would be one file are refused before anything runs
  mkdir sub
  cp a.mkv sub/a.mkv
  if "$root/pipelines/batch.sh" out2 "$ref_image" a.mkv sub/a.mkv 2>err.txt; then
    fail "batch.sh accepted two inputs named a"
  fi
  grep -q 'two inputs are named a' err.txt || fail "no message for two inputs named a"
  [ ! -e out2/a.webm ] || fail "batch.sh wrote out2/a.webm"
  ;;
embed)
  gray_clip in.mkv 12
  "$root/pipelines/embed.py" in.mkv out.webm --refs "$ref_image" --network-size 64 \
    >log.txt 2>&1 || { cat log.txt; fail "embed.py failed"; }
  cat log.txt
  grep -q '^done: 12 frames' log.txt || fail "embed.py did not see 12 frames"
  expect out.webm 12 96 64
  # an error reaches the application with its domain, and the exit status says so
  if "$root/pipelines/embed.py" in.mkv bad.webm --refs missing.jpg --network-size 64 \
    >log.txt 2>&1; then
    fail "embed.py succeeded with a missing reference"
  fi
  grep -q 'gst-resource-error-quark.*missing.jpg' log.txt || { cat log.txt; fail "no resource error"; }
  ;;
qa)
  # a colour clip, colorized again from its own first frame and measured
  gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=8 ! \
    video/x-raw,width=96,height=64,framerate=10/1 ! jpegenc ! matroskamux ! \
    filesink location=colour.mkv
  "$root/pipelines/qa.sh" colour.mkv >log.txt 2>&1 || { cat log.txt; fail "qa.sh failed"; }
  cat log.txt
  [ "$(grep -c '^vcolorize-compare, frame=' log.txt)" = 8 ] || fail "not 8 frames measured"
  grep -q '^vcolorize-compare-summary, frames=(guint64)8' log.txt || fail "no summary of 8 frames"
  # a missing file fails with the pipeline's exit status
  if "$root/pipelines/qa.sh" missing.mkv >log.txt 2>&1; then
    fail "qa.sh succeeded on a missing file"
  fi
  ;;
install)
  # meson install into a scratch root: the plugin lands in the plugin
  # folder, the model where the installed plugin looks for it (no
  # environment variable, no model property)
  DESTDIR="$tmp/root" meson install -C "$build" --no-rebuild --quiet >log.txt 2>&1 ||
    { cat log.txt; fail "meson install failed"; }
  plugin=$(find root -name libgstvcolorize.so)
  [ -n "$plugin" ] || fail "no plugin installed"
  case "$plugin" in
    */gstreamer-1.0/libgstvcolorize.so) ;;
    *) fail "the plugin is not in a gstreamer-1.0 folder: $plugin" ;;
  esac
  model=$(find root -name vcolorize.safetensors)
  [ -n "$model" ] || fail "no model installed"
  cmp "$model" "$root/models/vcolorize.safetensors" || fail "the installed model differs"
  plugin_dir=$(dirname "$plugin")
  export GST_PLUGIN_PATH="$tmp/$plugin_dir"
  export GST_REGISTRY="$tmp/registry.bin"
  gst-inspect-1.0 vcolorize >inspect.txt 2>&1 || { cat inspect.txt; fail "gst-inspect-1.0 vcolorize failed"; }
  grep -q "$tmp/$plugin" inspect.txt || fail "gst-inspect-1.0 did not load the installed plugin"
  grep -q "Default: \"$(cd "$(dirname "$model")" && pwd)/vcolorize.safetensors\"" inspect.txt ||
    { grep -A 3 '^  model ' inspect.txt; fail "the installed plugin does not default to the installed model"; }
  gst-launch-1.0 -q videotestsrc num-buffers=3 ! video/x-raw,width=64,height=64 ! \
    vcolorize network-size=64 refs="$ref_image" ! fakesink >log.txt 2>&1 ||
    { cat log.txt; fail "the installed plugin failed to run"; }
  echo "ok: installed plugin $plugin runs with its model $model"
  ;;
*)
  fail "unknown pipeline test $name"
  ;;
esac
