#!/usr/bin/env bash
# Builds, with podman and Debian's packages alone (no container registry), the images the stack test
# runs in place of those Compose pulls (compose.standins.yaml beside this file swaps them in):
#
#   datastreamscaling/debian-bookworm:base   debootstrap --variant=minbase of Debian 12
#   datastreamscaling/debian-jre17:17        + Debian's OpenJDK 17 runtime (the Jib base for the test)
#   datastreamscaling/kafka-standin:4.3.1    + Apache Kafka's jars from Maven Central   (apache/kafka)
#   datastreamscaling/postgres-standin:15    + Debian's PostgreSQL                      (postgres)
#   datastreamscaling/prometheus-standin:2   + Debian's Prometheus                      (prom/prometheus)
#   datastreamscaling/postgres-exporter-standin:0   + Debian's postgres_exporter        (postgres-exporter)
#
# Each image that already exists is kept (podman image exists): a second run takes seconds; `podman rmi`
# one to rebuild it. Run as root from anywhere: bash docker/images/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix=localhost/datastreamscaling
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log() { printf '%s [images] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

build() { # image, directory
  if podman image exists "$1"; then
    log "$1: exists"
    return
  fi
  log "$1: building"
  podman build --network=host --quiet -t "$1" "$2" > /dev/null
}

base="$prefix/debian-bookworm:base"
if podman image exists "$base"; then
  log "$base: exists"
else
  log "$base: debootstrap (a few minutes)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$base" > /dev/null
  rm -rf "$rootfs" "$rootfs.log"
fi

build "$prefix/debian-jre17:17" "$here/jre"
# The agent is mounted into the brokers from docker/kafka by compose.yaml, so it must exist in this
# checkout even when the image does (an image kept from another checkout has it inside, not here). A
# bind mount of a missing file leaves a directory in its place: that is replaced too.
agent="$root/docker/kafka/jmx_prometheus_javaagent.jar"
if ! podman image exists "$prefix/kafka-standin:4.3.1" || [ ! -f "$agent" ]; then
  log "Kafka's jars and the JMX exporter agent from Maven Central"
  [ -d "$agent" ] && rmdir "$agent"
  (cd "$root" && ./mvnw -q -B -f docker/images/kafka/pom.xml package)
fi
build "$prefix/kafka-standin:4.3.1" "$here/kafka"
build "$prefix/postgres-standin:15" "$here/postgres"
build "$prefix/prometheus-standin:2" "$here/prometheus"
build "$prefix/postgres-exporter-standin:0" "$here/postgres-exporter"
log "done"
podman images --filter "reference=$prefix/*"
