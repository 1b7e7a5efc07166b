#!/bin/sh
# Checks the installable package of a configured, built tree:
#   sh packaging/check-package.sh BUILD_DIR
# validates the desktop file and the AppStream metainfo, runs `cpack -G DEB`, checks the .deb's
# file list and Depends, then unpacks it into a throwaway root and runs the installed binary
# from there (`estimate`, and a headless `export-chart`). Exits non-zero on the first failure.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
app_id=io.github.llm_gpu_memory.LlmGpuMemory
# The module goes where the build's install rules put it: lib/<multiarch> under a /usr prefix,
# lib under the default /usr/local (CPack then moves the prefix to /usr).
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

step() { echo "== $*"; }

step "desktop-file-validate"
desktop-file-validate "$here/$app_id.desktop" || fail "desktop file does not validate"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net "$here/$app_id.metainfo.xml" || fail "metainfo does not validate"

step "build"
# cpack packs what is built and reads the CPack settings of the last configure; building first
# re-runs the configure when a CMakeLists changed.
cmake --build "$build" >"$build/build.log" 2>&1 || {
    tail -n 30 "$build/build.log" >&2
    echo "FAIL: cmake --build $build" >&2
    exit 1
}

step "cpack -G DEB"
rm -f "$build"/llm-gpu-memory_*.deb
(cd "$build" && cpack -G DEB) >"$build/cpack.log" 2>&1 || {
    cat "$build/cpack.log" >&2
    echo "FAIL: cpack -G DEB" >&2
    exit 1
}
deb=$(ls "$build"/llm-gpu-memory_*.deb)
echo "package: $deb"

step "contents"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
expected="/usr/bin/llm-gpu-memory
/usr/$libdir/llm-gpu-memory/llm-gpu-memory-gui.so
/usr/share/applications/$app_id.desktop
/usr/share/metainfo/$app_id.metainfo.xml
/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 22 24 32 48 64 128 256; do
    expected="$expected
/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
for path in $expected; do
    if echo "$contents" | grep -qx "$path"; then
        echo "  ok  $path"
    else
        fail "missing from the package: $path"
    fi
done
if echo "$contents" | grep -v '^/usr/' | grep -q .; then
    fail "files outside /usr: $(echo "$contents" | grep -v '^/usr/' | tr '\n' ' ')"
fi

step "Depends"
depends=$(dpkg-deb -f "$deb" Depends)
echo "  $depends"
for package in libqcustomplot2.1-qt6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 \
    libqt6printsupport6 qt6-qpa-plugins libc6 libstdc++6; do
    echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$package" ||
        fail "Depends does not name $package"
done

step "apt-get install --simulate"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get install --simulate -q "$deb" >"$build/apt-simulate.log" 2>&1 || {
        cat "$build/apt-simulate.log" >&2
        fail "apt-get cannot install the package"
    }
else
    echo "  skipped: needs root and apt-get"
fi

step "run from an unpacked root"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
bin="$root/usr/bin/llm-gpu-memory"
if json=$("$bin" estimate --format json); then
    if echo "$json" | grep -q '"total"'; then
        echo "  estimate --format json: ok"
    else
        fail "installed 'estimate --format json' prints no total"
    fi
else
    fail "installed 'estimate' exits non-zero"
fi
chart="$root/chart.png"
if QT_QPA_PLATFORM=offscreen "$bin" export-chart --chart ratio --out "$chart" \
    --width 800 --height 450 --scale 1 >"$root/export.log" 2>&1; then
    if [ -f "$chart" ] && [ "$(head -c 8 "$chart" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
        echo "  export-chart: wrote a PNG of $(wc -c <"$chart") bytes"
    else
        fail "installed 'export-chart' wrote no PNG"
    fi
else
    cat "$root/export.log" >&2
    fail "installed 'export-chart' exits non-zero"
fi

echo "package size: $(wc -c <"$deb") bytes ($(du -h "$deb" | cut -f1))"
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "package checks passed"
