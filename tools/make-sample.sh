#!/bin/sh
# Makes the bundled sample (samples/vtest-gray.mkv and samples/vtest-ref.jpg)
# from the numbered colour JPEG frames of OpenCV's vtest.avi (every 2nd
# frame of the 10 fps clip, short side 256): the first FRAMES frames as a
# grayscale MJPEG Matroska file at 5 fps, and frame 0 in colour as the
# reference (the JPEG as it is).
# Only gstreamer1.0-plugins-base and -good elements.
#
#   tools/make-sample.sh FRAMES-FOLDER [FRAMES]
set -eu
cd "$(dirname "$0")/.."

src=${1:?usage: tools/make-sample.sh FRAMES-FOLDER [FRAMES]}
frames=${2:-48}

gst-launch-1.0 -q \
  multifilesrc location="$src/%05d.jpg" index=0 stop-index=$((frames - 1)) \
    caps="image/jpeg,framerate=5/1" ! \
  jpegdec ! videoconvert ! video/x-raw,format=GRAY8 ! \
  jpegenc quality=90 ! matroskamux ! filesink location=samples/vtest-gray.mkv

cp "$src/00000.jpg" samples/vtest-ref.jpg
