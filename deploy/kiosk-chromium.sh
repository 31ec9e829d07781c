#!/usr/bin/env bash
# Start Chromium as an Aiguillage kiosk: full screen with no way out, no error
# dialogs, no pinch zoom, no swipe back, silent printing, a profile of its own.
#
#   kiosk-chromium.sh [--dry-run] [URL]
#
# URL (or $AIGUILLAGE_URL) is the kiosk's tablet link from the admin,
# https://SERVER/k/<slug>/tablette/<token>:
# it tells the server which kiosk this tablet is, then shows the home screen.
# --dry-run prints the Chromium command and starts nothing.
# $AIGUILLAGE_PROFILE: the profile directory; $CHROMIUM: the browser to run.
set -euo pipefail

dry_run=false
if [[ "${1:-}" == "--dry-run" ]]; then
  dry_run=true
  shift
fi
url="${1:-${AIGUILLAGE_URL:-}}"
if [[ ! "$url" =~ ^https?://[^/]+/k/[A-Za-z0-9_-]+(/tablette/[A-Za-z0-9_.-]+)?/?$ ]]; then
  echo "usage: $0 [--dry-run] https://SERVER/k/SLUG/tablette/TOKEN   (or set AIGUILLAGE_URL)" >&2
  exit 2
fi
profile="${AIGUILLAGE_PROFILE:-${XDG_STATE_HOME:-$HOME/.local/state}/aiguillage-kiosk}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo chromium)}"

flags=(
  --kiosk                              # full screen, no address bar, no tabs
  --kiosk-printing                     # print without the print dialog
  --noerrdialogs                       # no crash or error dialogs
  --disable-pinch                      # the Large text button replaces zoom
  --overscroll-history-navigation=0    # no swipe back to the previous visitor
  --user-data-dir="$profile"           # a profile of its own (keeps the kiosk cookie
                                       # and the service worker's shell; not incognito)
  --no-first-run
  --no-default-browser-check
  --disable-session-crashed-bubble     # no "Restore pages?" after a power cut
  --disable-features=Translate,TranslateUI
  --deny-permission-prompts
  --password-store=basic
  --check-for-update-interval=31536000
)

if $dry_run; then
  printf '%q ' "$chromium" "${flags[@]}"
  printf '%q\n' "$url"
  exit 0
fi

# After a power cut Chromium remembers it did not exit cleanly; tell it it did.
preferences="$profile/Default/Preferences"
if [[ -f "$preferences" ]]; then
  sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/' \
         -e 's/"exit_type":"[^"]*"/"exit_type":"Normal"/' "$preferences"
fi
mkdir -p "$profile"
exec "$chromium" "${flags[@]}" "$url"
