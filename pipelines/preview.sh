#!/bin/sh
# Side-by-side preview: plays a video file with the gray input on the left
# and its colorization on the right (vcolorize view=side-by-side), for
# judging references and settings before a long run. The view can be
# switched while playing (colour, side-by-side, confidence); see
# pipelines/embed.py for doing that from an application.
#
#   pipelines/preview.sh [IN [REFS]]
#     IN    any video file GStreamer reads (default: the bundled sample)
#     REFS  comma-separated reference images (default: the sample's
#           reference with the sample, none otherwise)
#   VC_SINK    replaces the screen (default autovideosink)
#   VCOLORIZE  extra vcolorize properties
set -eu
. "$(dirname "$0")/common.sh"

in=${1:-$SAMPLE}
refs=${2-}
[ $# -ge 1 ] || refs=$SAMPLE_REF
sink=${VC_SINK:-autovideosink}

# shellcheck disable=SC2086 # $sink and $VCOLORIZE are pipeline fragments
gst-launch-1.0 \
  filesrc location="$in" ! decodebin ! videoconvert ! \
  vcolorize refs="$refs" view=side-by-side $VCOLORIZE ! videoconvert ! $sink
