#!/bin/bash
# Sign, notarise and staple the macOS app or its disk image (run by packaging/build.py, or by hand):
#
#     packaging/macos/sign_and_notarize.sh "dist/High Needs Briefing.app"   # before the .dmg is made
#     packaging/macos/sign_and_notarize.sh dist/HighNeedsBriefing-0.1.0.dmg  # after
#
# Identities come from the environment, never from this file:
#   MACOS_SIGN_IDENTITY     "Developer ID Application: Example Council (TEAMID1234)" (in the login keychain)
#   and either MACOS_NOTARY_PROFILE, a keychain profile made once with
#       xcrun notarytool store-credentials <profile> --apple-id ... --team-id ... --password <app-specific password>
#   or MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID and MACOS_NOTARY_PASSWORD (an app-specific password; in CI).
#
# The .app is signed inside-out: every Mach-O file and framework first, deepest first, then the app itself, all
# with the hardened runtime, a secure timestamp and packaging/macos/entitlements.plist. Apple's notary service
# checks it (notarytool submit --wait); the ticket is then stapled so Gatekeeper accepts it offline.
set -euo pipefail

target="${1:?usage: sign_and_notarize.sh PATH.app|PATH.dmg}"
identity="${MACOS_SIGN_IDENTITY:?set MACOS_SIGN_IDENTITY to a Developer ID Application identity}"
entitlements="$(cd "$(dirname "$0")" && pwd)/entitlements.plist"

sign_code() {
    codesign --force --timestamp --options runtime --entitlements "$entitlements" --sign "$identity" "$1"
}

notarize() {
    local file="$1" result status
    local auth=()
    if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
        auth=(--keychain-profile "$MACOS_NOTARY_PROFILE")
    else
        auth=(--apple-id "${MACOS_NOTARY_APPLE_ID:?set MACOS_NOTARY_PROFILE or MACOS_NOTARY_APPLE_ID}"
              --team-id "${MACOS_NOTARY_TEAM_ID:?set MACOS_NOTARY_TEAM_ID}"
              --password "${MACOS_NOTARY_PASSWORD:?set MACOS_NOTARY_PASSWORD}")
    fi
    result="$(mktemp)"
    xcrun notarytool submit "$file" "${auth[@]}" --wait --output-format plist > "$result"
    status="$(/usr/libexec/PlistBuddy -c "Print :status" "$result")"
    if [ "$status" != "Accepted" ]; then
        echo "notarisation of $file: $status" >&2
        xcrun notarytool log "$(/usr/libexec/PlistBuddy -c "Print :id" "$result")" "${auth[@]}" >&2 || true
        exit 1
    fi
    echo "notarised: $file"
}

case "$target" in
    *.app)
        # find -depth lists a folder's contents before the folder: exactly the inside-out order.
        find "$target/Contents" -depth \( -type f -o -type d -name "*.framework" \) -print0 |
            while IFS= read -r -d '' path; do
                if [ -d "$path" ] || [[ "$(file -b "$path")" == *Mach-O* ]]; then
                    sign_code "$path"
                fi
            done
        sign_code "$target"
        codesign --verify --strict --deep --verbose=2 "$target"
        archive="$(mktemp -d)/app.zip"
        ditto -c -k --keepParent "$target" "$archive"
        notarize "$archive"
        xcrun stapler staple "$target"
        spctl --assess --type execute --verbose "$target"
        ;;
    *.dmg)
        codesign --force --timestamp --sign "$identity" "$target"
        notarize "$target"
        xcrun stapler staple "$target"
        spctl --assess --type open --context context:primary-signature --verbose "$target"
        ;;
    *)
        echo "not an .app or .dmg: $target" >&2
        exit 2
        ;;
esac
