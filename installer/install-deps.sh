#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian 12 packages hvdump needs to build, test and package, and only those that
# are missing. Quiet when everything is already there. Run as root (or through sudo).
set -euo pipefail

packages=(
    build-essential cmake ccache pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
    libboost-graph-dev libdwarf-dev libelf-dev libsqlite3-dev zlib1g-dev
    nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
    graphviz libgraphviz-dev
    gdb xvfb xauth clang-format-14 desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
