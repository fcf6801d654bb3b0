#!/usr/bin/env bash
# Installs what the real-browser tests (rentmark-http/tests/browser.rs) drive: Debian's
# Chromium, its WebDriver (chromedriver) and a font, with apt-get, only when the
# browser or the driver is missing. Idempotent: when both are there it says so and
# exits at once. The browser test binary runs this script itself when it cannot find
# the browser, so `cargo test --workspace` works on a machine with only Rust.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
PACKAGES=(chromium chromium-driver fonts-dejavu-core)

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
  echo "install-browser: $CHROMIUM and $CHROMEDRIVER are present; nothing to do"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "install-browser: $CHROMIUM or $CHROMEDRIVER is missing and this user is not root." >&2
    echo "install-browser: install them as root with:" >&2
    echo "    apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
  fi
else
  SUDO=()
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get on this machine; install Chromium and chromedriver so that" >&2
  echo "install-browser: $CHROMIUM and $CHROMEDRIVER exist, then run the tests again." >&2
  exit 1
fi

echo "install-browser: installing ${PACKAGES[*]} (about a minute)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q "${PACKAGES[@]}"

for binary in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [[ ! -x "$binary" ]]; then
    echo "install-browser: $binary is still missing after apt-get install" >&2
    exit 1
  fi
done
echo "install-browser: $("$CHROMEDRIVER" --version | head -1)"
