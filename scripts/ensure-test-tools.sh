#!/usr/bin/env bash
# Installs what the test suite drives besides Python: Debian's Chromium (browser tests), newsboat (a real
# feed reader), Java (the Nu HTML Checker), LibreOffice Writer without its GUI and poppler (the Word
# chronology converted to PDF and an image) and Node.js with npm, then the pinned npm packages (vnu-jar,
# axe-core). As root it installs them with apt-get; otherwise it prints the exact command and stops, so no
# test ever skips silently because a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A need=(
  [chromium]=chromium
  [newsboat]=newsboat
  [java]=default-jre-headless
  [node]=nodejs
  [npm]=npm
  [soffice]=libreoffice-writer-nogui
  [pdftoppm]=poppler-utils
)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done

if ((${#missing[@]})); then
  IFS=$'\n' sorted=($(sort -u <<<"${missing[*]}")); unset IFS
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages the tests need: ${sorted[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${sorted[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${sorted[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${sorted[*]}" >&2
    exit 1
  fi
fi

if [ ! -f tests/node/node_modules/.installed ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.installed ]; then
  (cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch tests/node/node_modules/.installed
fi
