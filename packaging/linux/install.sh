#!/bin/sh
# Install the unpacked one-folder app for the current user (or system-wide with a prefix such as /usr/local):
#     ./install.sh                # app in ~/.local/opt, menu entry and icon in ~/.local/share
#     sudo ./install.sh /usr/local
# Uninstall: delete PREFIX/opt/HighNeedsBriefing, the .desktop file and the icons it lists.
set -eu
prefix="${1:-$HOME/.local}"
here="$(cd "$(dirname "$0")" && pwd)"
app_dir="$prefix/opt/HighNeedsBriefing"

mkdir -p "$prefix/opt" "$prefix/share/applications" "$prefix/bin"
rm -rf "$app_dir"
cp -a "$here" "$app_dir"
rm -f "$app_dir/install.sh" "$app_dir/high-needs-briefing.desktop"
for size in 16 24 32 48 64 128 256 512; do
    icon_dir="$prefix/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$icon_dir"
    cp "$app_dir/_internal/resources/icons/briefing-$size.png" "$icon_dir/high-needs-briefing.png"
done
desktop_file="$prefix/share/applications/high-needs-briefing.desktop"
sed "s|@APPDIR@|$app_dir|" "$here/high-needs-briefing.desktop" > "$desktop_file"
ln -sf "$app_dir/briefing" "$prefix/bin/briefing"
echo "Installed to $app_dir; the command line is $prefix/bin/briefing."
