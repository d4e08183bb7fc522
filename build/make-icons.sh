#!/bin/sh
# Renders build/icon.svg into the icons electron-builder packs: PNGs for Linux,
# .ico for Windows, .icns for macOS. Needs Debian's librsvg2-bin, imagemagick
# and icnsutils. The outputs are committed, so packaging does not need these.
set -eu
cd "$(dirname "$0")"
mkdir -p icons
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "icons/${size}x${size}.png"
done
cp icons/512x512.png icon.png
convert icons/16x16.png icons/32x32.png icons/48x48.png icons/64x64.png icons/128x128.png icons/256x256.png icon.ico
png2icns icon.icns icons/16x16.png icons/32x32.png icons/128x128.png icons/256x256.png icons/512x512.png icons/1024x1024.png
# electron-builder reads every PNG in icons/ for Linux; 1024 only feeds the .icns.
rm icons/1024x1024.png
