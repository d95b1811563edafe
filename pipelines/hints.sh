#!/bin/sh
# Colour hints on the hints pad: a gray video colorized from colours a
# person painted over its first frame (a picture, transparent where nothing
# is painted), with no reference image at all. The hints picture is decoded
# by GStreamer and sent to the request pad `hints`; by default
# (hints-mode=keyframe) the first frame of each shot takes them and the
# frames after carry them on as things move. References may be added with
# VCOLORIZE="refs=...". The result is encoded to OUT.
#
#   pipelines/hints.sh [IN [OUT [HINTS]]]
#     IN     gray video (default: the bundled sample)
#     OUT    .webm, .mkv or .avi (default: vtest-hints.webm)
#     HINTS  colour hints picture, e.g. a PNG with alpha (default: the
#            sample's, samples/vtest-hints.png)
#   VCOLORIZE  extra vcolorize properties
set -eu
. "$(dirname "$0")/common.sh"

in=${1:-$SAMPLE}
out=${2:-vtest-hints.webm}
hints=${3:-$SAMPLE_HINTS}
enc=$(encoder "$out")

# shellcheck disable=SC2086 # $enc and $VCOLORIZE are pipeline fragments
gst-launch-1.0 \
  vcolorize name=vc $VCOLORIZE ! videoconvert ! $enc ! filesink location="$out" \
  filesrc location="$in" ! decodebin ! videoconvert ! queue ! vc.sink \
  filesrc location="$hints" ! decodebin ! videoconvert ! video/x-raw,format=RGBA ! vc.hints
