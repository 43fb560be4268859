#!/usr/bin/env bash
# What the tests need beyond Python packages: Debian's Chromium (browser tests of the views)
# and a CJK font (so screenshots show Chinese, not boxes). Idempotent; quiet when present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk\|noto serif cjk" || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
fi
