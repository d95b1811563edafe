#!/bin/sh
# Decodes a video file to the end and prints its frame count and size as
# "FRAMES WIDTH HEIGHT" (a check that the file plays, used by the demo and
# the pipeline tests). Fails when the file does not decode.
#
#   tools/video-info.sh FILE
set -eu

file=${1:?usage: tools/video-info.sh FILE}
log=$(gst-launch-1.0 -v filesrc location="$file" ! decodebin ! video/x-raw ! \
  fakesink name=count silent=false 2>&1) || {
  printf '%s\n' "$log" | grep -E 'ERROR|WARNING' >&2
  exit 1
}
frames=$(printf '%s\n' "$log" | grep -c 'count: last-message = chain') || true
caps=$(printf '%s\n' "$log" | grep -m 1 'count.GstPad:sink: caps = ') || true
width=$(printf '%s\n' "$caps" | sed -n 's/.*width=(int)\([0-9]*\).*/\1/p')
height=$(printf '%s\n' "$caps" | sed -n 's/.*height=(int)\([0-9]*\).*/\1/p')
echo "$frames ${width:-0} ${height:-0}"
