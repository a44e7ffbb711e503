#!/usr/bin/env bash
# Runs every test of the solution, after installing what the tests use where missing: ffmpeg, GStreamer, Node.js and
# npm (Debian packages, apt-get), then the Node SCTP peer (npm ci).
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Ortc]
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Real peers: ffmpeg and GStreamer (RTP/SRTP senders and decoders).
packages=()
command -v ffmpeg >/dev/null 2>&1 || packages+=(ffmpeg)
if ! command -v gst-launch-1.0 >/dev/null 2>&1 || ! gst-inspect-1.0 srtpenc >/dev/null 2>&1 || ! gst-inspect-1.0 vp8dec >/dev/null 2>&1; then
  packages+=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav)
fi
# Node.js and npm: they run the SCTP peer (tests/Interop.Tests/node). Only what is missing, since a Node.js from
# another source (e.g. NodeSource, which bundles npm) conflicts with Debian's npm package.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# Real peer for SCTP: the npm package 'sctp' (node-sctp, the peer of mediasoup's test-node-sctp), pinned by
# tests/Interop.Tests/node/package-lock.json.
if [ ! -d tests/Interop.Tests/node/node_modules/sctp ]; then
  echo "test.sh: installing the Node test peers (npm ci in tests/Interop.Tests/node)"
  npm ci --prefix tests/Interop.Tests/node --no-audit --no-fund >/dev/null
fi

dotnet test Cluster.sln -c Release --nologo "$@"
