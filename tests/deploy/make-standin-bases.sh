#!/usr/bin/env bash
# Stand-ins for the Dockerfile's base images, for a machine that reaches Debian's package archive but no
# container registry (so `podman pull python:3.11-slim-bookworm` fails). They are NOT the official
# images: a Debian bookworm rootfs (debootstrap) with Debian's python3.11 at /usr/local/bin/python, and
# one with Debian's nodejs and npm. Used by tests/deploy/test_image.py when told so:
#   tests/deploy/make-standin-bases.sh
#   MG_IMAGE_PYTHON_BASE=localhost/standin-python:3.11-bookworm \
#   MG_IMAGE_NODE_BASE=localhost/standin-node:bookworm .venv/bin/python -m pytest tests/deploy/test_image.py
# Needs root, podman and debootstrap (apt-get install podman debootstrap). Safe to run again.
# The stand-ins trust what this machine trusts: its CA bundle is copied in (a machine whose HTTPS goes
# through an inspecting proxy needs that for pip and npm in the build).
set -euo pipefail
engine=${CONTAINER_ENGINE:-podman}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! $engine image exists localhost/standin-debian:bookworm 2>/dev/null; then
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | $engine import - localhost/standin-debian:bookworm
fi

cp /etc/ssl/certs/ca-certificates.crt "$work/host-ca-bundle.crt"
cat >"$work/Containerfile.trust" <<'END'
COPY host-ca-bundle.crt /usr/local/share/host-ca-bundle.crt
ENV SSL_CERT_FILE=/usr/local/share/host-ca-bundle.crt PIP_CERT=/usr/local/share/host-ca-bundle.crt \
    NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca-bundle.crt
END

cat >"$work/Containerfile.python" <<'END'
FROM localhost/standin-debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3.11 python3.11-venv ca-certificates \
 && ln -s /usr/bin/python3.11 /usr/local/bin/python && ln -s /usr/bin/python3.11 /usr/local/bin/python3 \
 && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD ["python3"]
END
cat "$work/Containerfile.trust" >>"$work/Containerfile.python"
$engine build --network=host -t localhost/standin-python:3.11-bookworm -f "$work/Containerfile.python" "$work"

cat >"$work/Containerfile.node" <<'END'
FROM localhost/standin-debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
CMD ["node"]
END
cat "$work/Containerfile.trust" >>"$work/Containerfile.node"
$engine build --network=host -t localhost/standin-node:bookworm -f "$work/Containerfile.node" "$work"
