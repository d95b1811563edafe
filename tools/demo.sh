#!/bin/sh
# Installs what is needed, builds vcolorize and runs its main job on the
# bundled sample. Until the GStreamer element lands, the main job is the
# engine benchmark: every compute shader of the network run on the default
# Vulkan device (lavapipe on a machine without a GPU).
set -eu
cd "$(dirname "$0")/.."

./tools/bootstrap.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build
./build/tests/bench/vc-bench "$@"
