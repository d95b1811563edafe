#!/bin/sh
# Installs what is needed, builds vcolorize twice (optimised, and with
# AddressSanitizer) and runs the whole test suite in both builds on the
# default Vulkan device (Mesa lavapipe when there is no GPU).
set -eu
cd "$(dirname "$0")/.."

./tools/bootstrap.sh

# run_suite DIR TIMEOUT-MULTIPLIER [MESON-SETUP-OPTIONS...]
run_suite () {
  dir=$1
  multiplier=$2
  shift 2
  if [ ! -d "$dir" ]; then
    meson setup "$dir" "$@" >/dev/null
  else
    meson configure "$dir" "$@" >/dev/null
  fi
  ninja -C "$dir"
  meson test -C "$dir" --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$multiplier" || true
}

# Both builds share one shader cache: what lavapipe compiled for the first run
# serves the second (the SPIR-V and the driver are the same).
cache="$PWD/build-cache"
run_suite build 1 -Dtest-cache-dir="$cache"
# AddressSanitizer on our host code, with more time: the network runs about
# three times slower under it. lavapipe is preloaded so that leaks
# inside the driver can be attributed to it and suppressed (tests/lsan.supp).
LVP=$(ls /usr/lib/*/libvulkan_lvp.so 2>/dev/null | head -n 1)
LD_PRELOAD="$LVP" \
ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=1:abort_on_error=0" \
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
  run_suite build-asan 4 -Db_sanitize=address -Db_lundef=false -Dtest-cache-dir="$cache"

# One closing line for both runs, counted from meson's logs.
python3 - build/meson-logs/testlog.json build-asan/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)['result']
        if r in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif r == 'SKIP':
            skipped += 1
        else:
            failed += 1
print(f'{passed} passed, {failed} failed, {skipped} skipped')
sys.exit(1 if failed or not passed else 0)
PY
