#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium, for the end-to-end tests
# (playwright-core drives it; Playwright's own browser download is not used).
# Quiet when it is there; installs it with apt-get when root; fails otherwise.
set -euo pipefail

chromium=/usr/bin/chromium
[[ -x $chromium ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "ensure-chromium: $chromium is missing; install it as root (Debian: apt-get install chromium) and run again" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null; then
	echo "ensure-chromium: $chromium is missing and there is no apt-get to install it; install Chromium at $chromium" >&2
	exit 1
fi

echo "ensure-chromium: installing chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2

if [[ ! -x $chromium ]]; then
	echo "ensure-chromium: apt-get installed chromium but $chromium is still missing" >&2
	exit 1
fi
