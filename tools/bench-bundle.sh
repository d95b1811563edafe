#!/bin/sh
# Packs the engine benchmark with the libraries it needs into one folder that
# runs on a Linux x86-64 machine with an NVIDIA (or any Vulkan) GPU driver and
# nothing else: no Vulkan loader, no GLib, no GStreamer, no root.
#
#   ./tools/bench-bundle.sh [DIR]        (default: build/bench-bundle)
#   copy DIR to the GPU machine, then:  DIR/run.sh [vc-bench options]
#
# The folder holds vc-bench (built here) and the model its net-frame case
# runs; Debian 12's Vulkan loader, GLib and, for NVIDIA's driver, libglvnd
# (its Vulkan driver links libGLdispatch and libGLX), downloaded with apt-get
# and unpacked here; and run.sh, which puts them on the library path, points
# the loader at the driver's ICD file and vc-bench at the model.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/bench-bundle}

[ -d build ] || meson setup build >/dev/null
ninja -C build tests/bench/vc-bench

rm -rf "$out"
mkdir -p "$out/debs" "$out/root"
cp build/tests/bench/vc-bench "$out/"
cp tests/data/parity-model.safetensors "$out/" # the net-frame case's model
(cd "$out/debs" && apt-get download libvulkan1 libglib2.0-0 libpcre2-8-0 libffi8 \
  libglvnd0 libglx0 libgl1 libegl1 libopengl0 libgles2)
for deb in "$out"/debs/*.deb; do dpkg-deb -x "$deb" "$out/root"; done
rm -r "$out/debs"

cat > "$out/run.sh" <<'EOF'
#!/bin/sh
# Runs vc-bench with the bundled libraries; arguments go to vc-bench.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/root/usr/lib/x86_64-linux-gnu:$here/root/lib/x86_64-linux-gnu"
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export VC_BENCH_MODEL="${VC_BENCH_MODEL:-$here/parity-model.safetensors}"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
    /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
exec "$here/vc-bench" "$@"
EOF
chmod +x "$out/run.sh"
echo "bundle in $out ($(du -sh "$out" | cut -f1)); run $out/run.sh on the GPU machine"
