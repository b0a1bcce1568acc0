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

modules=tests/node/node_modules
if [ -L "$modules" ]; then
  # A link to packages installed once for several checkouts (git worktrees): `npm ci` through it would
  # empty the folder every other checkout uses, and a fresh checkout's package-lock.json always looks
  # newer than the stamp. Use what is there; install it where the link points if it is missing.
  if [ ! -f "$modules/.installed" ]; then
    target="$(readlink "$modules")"
    echo "$modules links to $target, which has no packages installed: run" >&2
    echo "  (cd $(dirname "$target") && npm ci --ignore-scripts) && touch $target/.installed" >&2
    exit 1
  fi
elif [ ! -f "$modules/.installed" ] || [ tests/node/package-lock.json -nt "$modules/.installed" ]; then
  (cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$modules/.installed"
fi
