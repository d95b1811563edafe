#!/bin/sh
# Archive batch: colorizes several video files at once in one process, one
# branch per file in one pipeline, each encoded to OUTDIR/NAME.webm (VP8)
# with progress reports. The vcolorize elements of one process share the
# Vulkan device and its compiled shaders, so a batch costs one device, not
# one per file (README: Shared devices); the GPU interleaves their frames.
#
#   pipelines/batch.sh OUTDIR REFS FILE...
#     OUTDIR  where the colour files go (made if missing)
#     REFS    comma-separated reference images for every file ("" for none:
#             the network colorizes on its own)
#     FILE    video files GStreamer reads; their names without the folder
#             and extension must differ
#   VCOLORIZE="network-size=128" adds element properties to every branch.
set -eu
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || { echo "usage: $0 OUTDIR REFS FILE..." >&2; exit 2; }
outdir=$1
refs=$2
shift 2
mkdir -p "$outdir"
enc=$(encoder out.webm)

count=$#
names=" "
for in in "$@"; do
  base=$(basename "$in")
  name=${base%.*}
  case "$names" in
    *" $name "*)
      echo "$0: two inputs are named $name: their outputs would be one file" >&2
      exit 2
      ;;
  esac
  names="$names$name "
  # shellcheck disable=SC2086 # $VCOLORIZE and $enc are pipeline fragments
  set -- "$@" filesrc location="$in" ! decodebin ! videoconvert ! \
    vcolorize refs="$refs" $VCOLORIZE ! progressreport name="$name" update-freq=1 ! \
    videoconvert ! $enc ! filesink location="$outdir/$name.webm"
done
shift "$count"

gst-launch-1.0 "$@"
