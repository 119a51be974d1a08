#!/bin/sh
# Installs the Debian 12 packages mlpsdoc needs to build, run and test, if any are missing.
# As root it runs apt-get; otherwise it prints the one command to run and fails.
set -eu

PKGS="build-essential pkg-config libhpdf-dev libxml2-dev libxslt1-dev libxml2-utils libicu-dev \
libharfbuzz-dev libfontconfig-dev libdeflate-dev libisal-dev libmimalloc-dev libxxhash-dev zlib1g-dev libpng-dev libmicrohttpd-dev libjansson-dev \
fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-lxgw-wenkai fonts-babelstone-han fonts-liberation \
poppler-utils qpdf python3 xsltproc python3-jsonschema jq curl chromium chromium-driver python3-selenium"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS hyperfine time"
[ "${1:-}" = "--valgrind" ] && PKGS="$PKGS valgrind"
[ "${1:-}" = "--fuzz" ] && PKGS="$PKGS clang"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "缺少 Debian 软件包，请以 root 运行：" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
echo "安装缺少的软件包:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
