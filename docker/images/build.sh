#!/usr/bin/env bash
# Builds, with podman and Debian's packages alone (no container registry), the images the stack test
# runs in place of those Compose pulls (compose.standins*.yaml beside this file swap them in):
#
#   datastreamscaling/debian-bookworm:base   debootstrap --variant=minbase of Debian 12
#   datastreamscaling/debian-jre17:17        + Debian's OpenJDK 17 runtime (the Jib base for the test)
#   datastreamscaling/kafka-standin:4.3.1    + Apache Kafka's jars from Maven Central   (apache/kafka)
#   datastreamscaling/postgres-standin:15    + Debian's PostgreSQL                      (postgres)
#   datastreamscaling/prometheus-standin:2   + Debian's Prometheus                      (prom/prometheus)
#   datastreamscaling/postgres-exporter-standin:0   + Debian's postgres_exporter        (postgres-exporter)
#   datastreamscaling/clickhouse-standin:18.16      + Debian's clickhouse-server        (clickhouse/clickhouse-server)
#
# An image is kept while its sources are unchanged: each carries a label with the hash of its build
# directory and of the image it is built on, and is rebuilt only when that hash differs (a second run
# takes seconds). The stand-ins are independent of each other and build in parallel.
#
# Usage (as root, from anywhere): bash docker/images/build.sh [jre|all]
#   jre  only the minimal Debian and the JRE base (what Jib needs; .ci/run builds the services meanwhile)
#   all  (default) everything above
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix=localhost/datastreamscaling
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
label=io.datastreamscaling.source-hash
what="${1:-all}"

log() { printf '%s [images] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

image_id() { podman image inspect --format '{{.Id}}' "$1"; }

# The hash of a build directory (file names and contents, build output excluded) and of its parent image.
source_hash() { # directory, parent image
  (cd "$1" && find . -path ./target -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; image_id "$2") \
    | sha256sum | cut -c1-16
}

build() { # image, directory, parent image
  local hash current
  hash="$(source_hash "$2" "$3")"
  current="$(podman image inspect --format "{{index .Labels \"$label\"}}" "$1" 2>/dev/null || true)"
  if [[ "$current" == "$hash" ]]; then
    log "$1: unchanged ($hash)"
    return
  fi
  log "$1: building (sources $hash${current:+, was $current})"
  podman build --network=host --quiet --label "$label=$hash" --build-arg "BASE=$3" -t "$1" "$2" > /dev/null
  log "$1: built"
}

base="$prefix/debian-bookworm:base"
if podman image exists "$base"; then
  log "$base: exists"
else
  log "$base: debootstrap (a few minutes)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$base" > /dev/null
fi

jre="$prefix/debian-jre17:17"
build "$jre" "$here/jre" "$base"
[[ "$what" == jre ]] && exit 0

# The agent is mounted into the brokers from docker/kafka by compose.yaml, so it must exist in this
# checkout even when the image does (an image kept from another checkout has it inside, not here). A
# bind mount of a missing file leaves a directory in its place: that is replaced too.
agent="$root/docker/kafka/jmx_prometheus_javaagent.jar"
if [[ ! -f "$agent" || ! -d "$here/kafka/target/libs" ]]; then
  log "Kafka's jars and the JMX exporter agent from Maven Central"
  [[ -d "$agent" ]] && rmdir "$agent"
  (cd "$root" && ./mvnw -q -B -f docker/images/kafka/pom.xml package)
fi

# In parallel: each is mostly downloading and unpacking Debian packages. A failed build's log is shown.
logs="$(mktemp -d)"
pids=()
names=()
for spec in "kafka-standin:4.3.1 kafka $jre" "postgres-standin:15 postgres $base" "prometheus-standin:2 prometheus $base" \
            "postgres-exporter-standin:0 postgres-exporter $base" "clickhouse-standin:18.16 clickhouse $base"; do
  read -r name dir parent <<< "$spec"
  build "$prefix/$name" "$here/$dir" "$parent" > "$logs/$dir.log" 2>&1 &
  pids+=("$!")
  names+=("$dir")
done
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    cat "$logs/${names[$i]}.log"
  else
    failed=1
    echo "--- ${names[$i]} failed:" >&2
    tail -n 30 "$logs/${names[$i]}.log" >&2
  fi
done
rm -rf "$logs"
[[ "$failed" == 0 ]] || exit 1
log "done"
podman images --filter "reference=$prefix/*"
