#!/usr/bin/env bash
# Fetches a real OTLP/HTTP receiver for the exporter-otlp integration tests and benchmark: VictoriaMetrics
# 1.112 from Debian trixie (bookworm's 1.79 has no OTLP endpoint). The .deb is downloaded with apt through a
# temporary configuration, so the system's sources and package state stay untouched, and unpacked with
# `dpkg-deb -x` (installing it would pull a newer libzstd; the unpacked binary runs on bookworm).
# Idempotent: does nothing when the binary is already there. Prints the binary's path on stdout.
set -euo pipefail

VM_VERSION="1.112.0+ds1-2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/vm-otlp"
BIN="$DEST/usr/bin/victoria-metrics"
STAMP="$DEST/.version"

log() { echo "fetch-vm-otlp: $*" >&2; }

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VM_VERSION" ]; then
  echo "$BIN"
  exit 0
fi

# The mirror is whatever the system already uses for its own release (never a host name written here):
# the URI of the deb822 stanza in /etc/apt/sources.list.d/*.sources whose Suites list the release codename,
# or of a one-line `deb URI codename ...` entry.
CODENAME="$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')"
if [ -z "$CODENAME" ]; then
  log "cannot read VERSION_CODENAME from /etc/os-release"
  exit 1
fi
find_uri() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk -v want="$CODENAME" '
      function flush() { if (uri != "" && hit) { print uri; found = 1; exit } uri = ""; hit = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) hit = 1 }
      END { if (!found) flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk -v want="$CODENAME" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i + 1) == want) print $i; break } }' "$f"
  done
}
URI="$(find_uri | head -n 1)"
if [ -z "$URI" ]; then
  log "no apt source for '$CODENAME' found in /etc/apt/sources.list.d/ or /etc/apt/sources.list"
  exit 1
fi

DEB_DIR="$ROOT/.cache/vm-otlp-deb"
mkdir -p "$DEB_DIR"
DEB="$(ls "$DEB_DIR"/victoria-metrics_*.deb 2>/dev/null | head -n 1 || true)"
if [ -z "$DEB" ]; then
  T="$(mktemp -d)"
  trap 'rm -rf "$T"' EXIT
  mkdir -p "$T/lists/partial" "$T/cache/archives/partial" "$T/empty"
  echo "deb $URI trixie main" >"$T/sources.list"
  O=(-o "Dir::Etc::sourcelist=$T/sources.list" -o "Dir::Etc::sourceparts=$T/empty"
    -o "Dir::State::Lists=$T/lists" -o "Dir::Cache=$T/cache")
  # apt drops to the _apt user for downloads; it cannot write into a private temp dir, so stay as we are.
  O+=(-o "APT::Sandbox::User=$(id -un)")
  log "downloading victoria-metrics=$VM_VERSION from $URI trixie (about 41 MB)"
  apt-get "${O[@]}" -qq update >&2
  (cd "$T" && apt-get "${O[@]}" -qq download "victoria-metrics=$VM_VERSION" >&2)
  mv "$T"/victoria-metrics_*.deb "$DEB_DIR/"
  DEB="$(ls "$DEB_DIR"/victoria-metrics_*.deb | head -n 1)"
fi

rm -rf "$DEST"
mkdir -p "$DEST"
dpkg-deb -x "$DEB" "$DEST"
# Checks that the unpacked binary runs on this system (the Debian build prints no version string).
"$BIN" -version >/dev/null
echo "$VM_VERSION" >"$STAMP"
echo "$BIN"
