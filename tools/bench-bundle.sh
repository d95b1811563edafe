#!/bin/sh
# Packs the benchmarks with the libraries they need into one folder that
# runs on a Linux x86-64 machine with an NVIDIA (or any Vulkan) GPU driver and
# nothing else: no Vulkan loader, no GLib, no GStreamer, no root.
#
#   ./tools/bench-bundle.sh [DIR]        (default: build/bench-bundle)
#   copy DIR to the GPU machine, then:
#     DIR/bench-speed.sh [vc-pipeline-bench options]   the element in pipelines,
#                                                      beside PyTorch when it has CUDA
#     DIR/run-pipeline.sh [options]                    vc-pipeline-bench alone
#     DIR/run.sh [vc-bench options]                    the engine's ops (vc-bench)
#
# The folder holds vc-bench and vc-pipeline-bench (built here), the vcolorize
# plugin with the shipped model beside it (where the plugin looks for it), the
# sample reference picture, the parity model vc-bench's net-frame case runs,
# and bench_torch.py with the network's definition; Debian 12's Vulkan loader,
# GLib, GStreamer (core, and of plugins-base and plugins-good only the plugins
# the benchmark's pipelines and the reference decoding use) and, for
# NVIDIA's driver, libglvnd (its Vulkan driver links libGLdispatch and
# libGLX), downloaded with apt-get and unpacked here; env.sh, which the
# scripts source: the bundled libraries and plugins only, the driver's ICD.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/bench-bundle}

[ -d build ] || meson setup build >/dev/null
ninja -C build tests/bench/vc-bench tests/bench/vc-pipeline-bench gst/libgstvcolorize.so

# GStreamer plugins the pipelines load: fakesink and capsfilter, videotestsrc;
# for the reference picture filesrc, decodebin (playback, typefind), jpegdec,
# videoconvert, videoflip (videofilter) and appsink.
plugins="coreelements videotestsrc videoconvertscale playback typefindfunctions jpeg videofilter app"

rm -rf "$out"
mkdir -p "$out/debs" "$out/root" "$out/gst" "$out/models" "$out/torch"
cp build/tests/bench/vc-bench build/tests/bench/vc-pipeline-bench "$out/"
cp build/gst/libgstvcolorize.so "$out/gst/"
# ../models/ from the plugin's folder: where a plugin in a build tree finds it
cp models/vcolorize.safetensors "$out/models/"
cp tests/data/parity-model.safetensors "$out/" # vc-bench's net-frame case
cp samples/vtest-ref.jpg "$out/"
cp models/train/bench_torch.py models/train/net.py models/train/colour.py "$out/torch/"
cp tools/bench-speed.sh "$out/"
(cd "$out/debs" && apt-get download libvulkan1 libglib2.0-0 libpcre2-8-0 libffi8 \
  libglvnd0 libglx0 libgl1 libegl1 libopengl0 libgles2 \
  libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good libjpeg62-turbo liborc-0.4-0 libunwind8 libdw1 libelf1 \
  libblkid1 libmount1 libselinux1 zlib1g liblzma5 libbz2-1.0)
for deb in "$out"/debs/*.deb; do dpkg-deb -x "$deb" "$out/root"; done
rm -r "$out/debs" "$out/root/usr/share"
gstdir="$out/root/usr/lib/x86_64-linux-gnu/gstreamer-1.0"
for plugin in "$gstdir"/*.so; do
  name=$(basename "$plugin" .so)
  case " $plugins " in
  *" ${name#libgst} "*) ;;
  *) rm "$plugin" ;;
  esac
done

cat > "$out/env.sh" <<'EOF'
# Sourced by the bundle's scripts, with $here set to the bundle: the bundled
# libraries and GStreamer plugins only (not the system's), a registry of
# their own, and the GPU driver's Vulkan ICD.
lib="$here/root/usr/lib/x86_64-linux-gnu:$here/root/lib/x86_64-linux-gnu"
# where container images mount NVIDIA's driver, which its ICD file names bare
for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  if [ -d "$dir" ]; then lib="$lib:$dir"; fi
done
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
gst="$here/root/usr/lib/x86_64-linux-gnu/gstreamer-1.0"
export GST_PLUGIN_SYSTEM_PATH="$gst" GST_PLUGIN_SYSTEM_PATH_1_0="$gst"
export GST_PLUGIN_PATH="$here/gst" GST_PLUGIN_PATH_1_0="$here/gst"
export GST_PLUGIN_SCANNER="$here/root/usr/lib/x86_64-linux-gnu/gstreamer1.0/gstreamer-1.0/gst-plugin-scanner"
export GST_REGISTRY="${GST_REGISTRY:-$here/registry.bin}"
export GIO_MODULE_DIR="$here/root/usr/lib/x86_64-linux-gnu/gio/modules"
export VC_BENCH_MODEL="${VC_BENCH_MODEL:-$here/parity-model.safetensors}"
export VC_BENCH_REFS="${VC_BENCH_REFS:-$here/vtest-ref.jpg}"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
    /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
EOF

for tool in run.sh:vc-bench run-pipeline.sh:vc-pipeline-bench; do
  cat > "$out/${tool%%:*}" <<EOF
#!/bin/sh
# Runs ${tool#*:} with the bundled libraries; arguments go to it.
set -eu
here=\$(cd "\$(dirname "\$0")" && pwd)
. "\$here/env.sh"
exec "\$here/${tool#*:}" "\$@"
EOF
  chmod +x "$out/${tool%%:*}"
done
echo "bundle in $out ($(du -sh "$out" | cut -f1)); on the GPU machine run $out/bench-speed.sh"
