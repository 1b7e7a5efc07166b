#!/bin/sh
# Installs the Debian 12 packages that building, running and testing need, when they are missing.
# Safe to run again: it installs nothing that is already there.
set -eu

packages="make cmake ninja-build g++ clang libclang-rt-14-dev
qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
libqcustomplot-dev libqcustomplot2.1-qt6 qt6-qpa-plugins qt6-translations-l10n
fonts-noto-cjk fonts-dejavu-core python3 python3-torch ccache desktop-file-utils appstream dpkg-dev file"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
    echo "Installing:$missing"
    if [ "$(id -u)" -ne 0 ]; then
        SUDO=sudo
    else
        SUDO=
    fi
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
