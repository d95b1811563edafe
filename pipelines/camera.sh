#!/bin/sh
# Live camera to screen: colorizes a V4L2 camera's picture in real time from
# reference pictures. A leaky one-frame queue in front of vcolorize keeps
# the latency bounded: when the GPU is slower than the camera, the oldest
# waiting frame is dropped, never the newest.
#
#   pipelines/camera.sh [REFS [DEVICE]]
#     REFS    comma-separated reference images (default: the bundled
#             sample's reference, samples/vtest-ref.jpg; "" for none)
#     DEVICE  the camera (default /dev/video0)
#   VC_SOURCE  replaces the camera, e.g. "videotestsrc is-live=true"
#   VC_SINK    replaces the screen (default autovideosink)
#   VCOLORIZE  extra vcolorize properties, e.g. "network-size=192 device=1";
#              without a GPU (lavapipe) "network-size=64" keeps up best
set -eu
. "$(dirname "$0")/common.sh"

refs=${1-$SAMPLE_REF}
device=${2:-/dev/video0}
source=${VC_SOURCE:-v4l2src device=$device}
sink=${VC_SINK:-autovideosink}

# shellcheck disable=SC2086 # $source, $sink and $VCOLORIZE are pipeline fragments
gst-launch-1.0 -e \
  $source ! videoconvert ! queue max-size-buffers=1 leaky=downstream ! \
  vcolorize refs="$refs" $VCOLORIZE ! videoconvert ! $sink
