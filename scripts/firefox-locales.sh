#!/bin/sh
# Every Firefox ESR locale's CORS console messages (Debian's firefox-esr-l10n-*
# language packs), read by corscope's paste reader: how many are recognised
# with their URL, and how many with their reason. Needs apt-get (no root:
# `apt-get download`), dpkg-deb, unzip, python3.
#   ./scripts/firefox-locales.sh [work dir]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mkdir -p "${1:-$root/target/firefox-l10n}" && cd "${1:-$root/target/firefox-l10n}" && pwd)
mkdir -p "$dir/debs" "$dir/props"
cd "$dir/debs"
if ! ls ./*.deb >/dev/null 2>&1; then
    # shellcheck disable=SC2046
    apt-get download $(apt-cache search --names-only '^firefox-esr-l10n-' | cut -d' ' -f1)
fi
for d in ./*.deb; do dpkg-deb -x "$d" "$dir/x"; done
for xpi in "$dir"/x/usr/lib/firefox-esr/browser/extensions/langpack-*.xpi; do
    loc=$(basename "$xpi" | sed 's/^langpack-//; s/@.*//')
    unzip -p "$xpi" "chrome/$loc/locale/$loc/global/security/security.properties" >"$dir/props/$loc.properties"
done
python3 "$root/scripts/firefox-locales.py" "$dir/props" >"$dir/messages.json"
cd "$root"
CORSCOPE_FIREFOX_MESSAGES="$dir/messages.json" cargo test -p corscope-engine --test firefox_locales -- --ignored --nocapture
