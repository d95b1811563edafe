#!/bin/sh
# Colorization QA: takes a colour video, hides its colour, colorizes it
# again from the video's own first frame and measures the result against
# the original, frame by frame, with vcolorizecompare (PSNR, MSE, SSIM of
# 8-bit RGB, as tools/vc-quality.py). Prints one line per frame and the
# summary. The same shape serves broadcast QA: the colorized feed on
# vcolorizecompare's sink, the true one on its truth pad.
#
#   pipelines/qa.sh IN [REFS]
#     IN    a colour video file (any GStreamer reads)
#     REFS  comma-separated reference images (default: IN itself, whose
#           first picture is the reference)
#   VCOLORIZE="network-size=128" adds vcolorize properties; COMPARE="ssim=false"
#   vcolorizecompare ones (SSIM costs a few hundred ms per 1080p frame).
set -eu
. "$(dirname "$0")/common.sh"

in=${1:?usage: pipelines/qa.sh IN [REFS]}
refs=${2:-$in}
COMPARE=${COMPARE:-}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# shellcheck disable=SC2086 # $VCOLORIZE and $COMPARE are property lists
gst-launch-1.0 -m \
  filesrc location="$in" ! decodebin ! videoconvert ! tee name=t \
  t. ! queue ! videoconvert ! video/x-raw,format=GRAY8 ! \
  vcolorize refs="$refs" $VCOLORIZE ! videoconvert ! \
  vcolorizecompare name=q $COMPARE ! fakesink \
  t. ! queue ! videoconvert ! q.truth >"$log" || status=$?
sed -n 's/.*(element): \(vcolorize-compare[^;]*\);.*/\1/p' "$log"
if [ "$status" -ne 0 ]; then
  cat "$log" >&2
fi
exit "$status"
