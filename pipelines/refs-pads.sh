#!/bin/sh
# References through request pads instead of the refs property: a still
# image on ref_0 (decoded once; the pad then sees EOS and its picture stays)
# and, optionally, a colour video on ref_1, whose every frame replaces that
# reference as it arrives — for example a colour camera beside a low-light
# monochrome one, filming the same scene. Both are attended together with
# any refs= images. The result is encoded to OUT.
#
#   pipelines/refs-pads.sh [IN [OUT [REF-IMAGE [REF-VIDEO]]]]
#     IN         gray video (default: the bundled sample)
#     OUT        .webm, .mkv or .avi (default: vtest-refs-pads.webm)
#     REF-IMAGE  reference image (default: the sample's reference)
#     REF-VIDEO  reference video (default: none)
#   VCOLORIZE  extra vcolorize properties
set -eu
. "$(dirname "$0")/common.sh"

in=${1:-$SAMPLE}
out=${2:-vtest-refs-pads.webm}
ref_image=${3:-$SAMPLE_REF}
ref_video=${4:-}
enc=$(encoder "$out")

video_branch=""
if [ -n "$ref_video" ]; then
  video_branch="filesrc location=$ref_video ! decodebin ! videoconvert ! queue ! vc.ref_1"
fi

# shellcheck disable=SC2086 # $enc, $VCOLORIZE and $video_branch are pipeline fragments
gst-launch-1.0 \
  vcolorize name=vc $VCOLORIZE ! videoconvert ! $enc ! filesink location="$out" \
  filesrc location="$in" ! decodebin ! videoconvert ! queue ! vc.sink \
  filesrc location="$ref_image" ! decodebin ! videoconvert ! vc.ref_0 \
  $video_branch
