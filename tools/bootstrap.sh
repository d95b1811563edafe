#!/bin/sh
# Installs every Debian 12 package that building, testing and running vcolorize needs.
# Safe to run again; needs root (or sudo).
set -eu

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

PACKAGES="
  build-essential pkg-config meson ninja-build
  glslc spirv-tools
  libvulkan-dev mesa-vulkan-drivers vulkan-tools
  libglib2.0-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-x
  python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 python3-numpy python3-pil
  valgrind
"

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
echo "bootstrap: packages installed"
