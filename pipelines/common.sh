# Shared by the example pipelines (sourced, not run): finds the plugin and
# the bundled sample, and picks an encoder for an output file's extension.
#
# Environment:
#   VCOLORIZE        extra vcolorize properties, e.g. "network-size=128 device=1"
#   GST_PLUGIN_PATH  where GStreamer looks for plugins; when unset and this
#                    checkout has a build (build/gst), that one is used

VC_ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GST_PLUGIN_PATH:-}" ] && [ -e "$VC_ROOT/build/gst/libgstvcolorize.so" ]; then
  export GST_PLUGIN_PATH="$VC_ROOT/build/gst"
fi
VCOLORIZE=${VCOLORIZE:-}
SAMPLE=$VC_ROOT/samples/vtest-gray.mkv
SAMPLE_REF=$VC_ROOT/samples/vtest-ref.jpg
SAMPLE_HINTS=$VC_ROOT/samples/vtest-hints.png

# encoder FILE: the encoder and muxer (gst-launch syntax) for FILE's
# extension: .webm VP8 in WebM, .mkv VP8 in Matroska, .avi MJPEG in AVI.
encoder () {
  case "$1" in
    *.webm) echo "vp8enc deadline=1 target-bitrate=1000000 ! webmmux" ;;
    *.mkv) echo "vp8enc deadline=1 target-bitrate=1000000 ! matroskamux" ;;
    *.avi) echo "jpegenc quality=90 ! avimux" ;;
    *)
      echo "$0: $1: unknown output type (use .webm, .mkv or .avi)" >&2
      return 1
      ;;
  esac
}
