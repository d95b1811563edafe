#!/bin/sh
# Archive film to colour file: decodes any video file GStreamer reads,
# colorizes it from reference pictures and encodes the result, reporting
# progress every second. The output type follows OUT's extension: .webm
# (VP8), .mkv (VP8) or .avi (MJPEG). Video only: audio is not carried over.
#
#   pipelines/colorize-file.sh [IN [OUT [REFS]]]
#     IN    video file (default: the bundled sample, samples/vtest-gray.mkv)
#     OUT   output file (default: vtest-colour.webm)
#     REFS  comma-separated reference images (default: samples/vtest-ref.jpg
#           with the sample, none otherwise: the network colorizes on its own)
#   VCOLORIZE="view=side-by-side network-size=128" adds element properties.
set -eu
. "$(dirname "$0")/common.sh"

in=${1:-$SAMPLE}
out=${2:-vtest-colour.webm}
refs=${3-}
[ $# -ge 1 ] || refs=$SAMPLE_REF
enc=$(encoder "$out")

# shellcheck disable=SC2086 # $VCOLORIZE and $enc are pipeline fragments
gst-launch-1.0 \
  filesrc location="$in" ! decodebin ! videoconvert ! \
  vcolorize refs="$refs" $VCOLORIZE ! progressreport update-freq=1 ! \
  videoconvert ! $enc ! filesink location="$out"
