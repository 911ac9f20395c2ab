#!/usr/bin/env bash
# Builds, with podman and Debian's packages alone (no container registry), the images the stack test
# runs in place of those Compose pulls (compose.standins*.yaml beside this file swap them in):
#
#   datastreamscaling/debian-bookworm:base   debootstrap --variant=minbase of Debian 12 (+ updates' sources)
#   datastreamscaling/debian-jre17:17        + Debian's OpenJDK 17 runtime (the Jib base for the test)
#   datastreamscaling/kafka-standin:4.3.1    + Apache Kafka's jars from Maven Central   (apache/kafka)
#   datastreamscaling/postgres-standin:15    + Debian's PostgreSQL                      (postgres)
#   datastreamscaling/prometheus-standin:2   + Debian's Prometheus                      (prom/prometheus)
#   datastreamscaling/postgres-exporter-standin:0   + Debian's postgres_exporter        (postgres-exporter)
#   datastreamscaling/clickhouse-standin:18.16      + Debian's clickhouse-server        (clickhouse/clickhouse-server)
#
# An image is kept while its sources are unchanged: each carries a label with the hash of its build
# directory and of the image it is built on (the base: of its recipe, build_base below), and is rebuilt
# only when that hash differs (a second run takes seconds). What does not depend on each other builds
# side by side: the four Debian stand-ins need only the base, the broker only the JRE.
#
# Packages are downloaded once per machine, not once per image: debootstrap and every build reuse the
# .deb files and package lists the machine's own apt already holds (DEB_CACHE, /var/cache/apt/archives;
# apt's lists beside it), each build through a private copy of hard links mounted at apt's paths, so
# nothing of the cache ends up in an image and parallel builds never share apt's lock. A file apt
# would fetch from the same mirror is only reused when its name (package, version, architecture) and
# size match what the signed index lists; debootstrap also checks each file's checksum.
#
# Usage (as root, from anywhere): bash docker/images/build.sh [jars|base|jre|debian|kafka|all]
#   jars    Kafka's jars and the JMX exporter agent from Maven Central only (no podman): a download
#           that needs no image, so it can run beside debootstrap instead of after the JRE base
#   base    the minimal Debian only
#   jre     base + the JRE base (what Jib needs)
#   debian  base + the four stand-ins made of Debian packages (PostgreSQL, Prometheus, exporter, ClickHouse)
#   kafka   jre + the broker stand-in (and the brokers' JMX exporter agent in docker/kafka)
#   all     (default) everything above
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix=localhost/datastreamscaling
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
deb_cache="${DEB_CACHE:-/var/cache/apt/archives}"
apt_lists="${APT_LISTS:-/var/lib/apt/lists}"
label=io.datastreamscaling.source-hash
what="${1:-all}"
base="$prefix/debian-bookworm:base"
jre="$prefix/debian-jre17:17"

log() { printf '%s [images] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

image_id() { podman image inspect --format '{{.Id}}' "$1"; }

# The hash of a build directory (file names and contents, build output excluded) and of its parent image.
source_hash() { # directory, parent image
  (cd "$1" && find . -path ./target -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; image_id "$2") \
    | sha256sum | cut -c1-16
}

# A private copy (hard links: no data copied) of the machine's .deb files and package lists for one
# build, mounted where apt looks: the build's own `apt-get clean` and list removal empty only the copy.
seed_apt_cache() { # scratch directory
  mkdir -p "$1/archives/partial" "$1/lists/partial"
  if [[ -d "$deb_cache" ]]; then
    find "$deb_cache" -maxdepth 1 -name '*.deb' -exec cp -l -t "$1/archives" {} + 2>/dev/null || true
  fi
  if [[ -d "$apt_lists" ]]; then
    find "$apt_lists" -maxdepth 1 -type f \( -name '*_Packages*' -o -name '*Release*' \) \
      -exec cp -l -t "$1/lists" {} + 2>/dev/null || true
  fi
}

build() { # image, directory, parent image
  local hash current scratch status=0
  hash="$(source_hash "$2" "$3")"
  current="$(podman image inspect --format "{{index .Labels \"$label\"}}" "$1" 2>/dev/null || true)"
  if [[ "$current" == "$hash" ]]; then
    log "$1: unchanged ($hash)"
    return
  fi
  log "$1: building (sources $hash${current:+, was $current})"
  scratch="$(mktemp -d "${TMPDIR:-/var/tmp}/datastreamscaling-apt.XXXXXX")"
  seed_apt_cache "$scratch"
  podman build --network=host --quiet --volume="$scratch/archives:/var/cache/apt/archives" \
    --volume="$scratch/lists:/var/lib/apt/lists" --label "$label=$hash" --build-arg "BASE=$3" -t "$1" "$2" > /dev/null \
    || status=$?
  rm -rf "$scratch"
  [[ "$status" == 0 ]] || return "$status"
  log "$1: built"
}

build_base() {
  local hash current
  # The recipe is this function: a changed one (or mirror) builds the base anew, and so everything on it.
  hash="$( (declare -f build_base; echo "$mirror") | sha256sum | cut -c1-16)"
  current="$(podman image inspect --format "{{index .Labels \"$label\"}}" "$base" 2>/dev/null || true)"
  if [[ "$current" == "$hash" ]]; then
    log "$base: unchanged ($hash)"
    return
  fi
  log "$base: debootstrap (recipe $hash${current:+, was $current})"
  local rootfs cache=()
  rootfs="$(mktemp -d)"
  # debootstrap takes a .deb from the cache only when its checksum matches the signed index.
  [[ -d "$deb_cache" && -w "$deb_cache" ]] && cache=(--cache-dir="$deb_cache")
  # dpkg without an fsync per file, as in Debian's official container images: an interrupted build is
  # thrown away, never resumed. Set before the second stage, so debootstrap's own dpkg runs profit.
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
  echo force-unsafe-io > "$rootfs/etc/dpkg/dpkg.cfg.d/unsafe-io"
  if ! debootstrap --variant=minbase "${cache[@]}" bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1; then
    tail -n 20 "$rootfs.log" >&2
    rm -rf "$rootfs" "$rootfs.log"
    return 1
  fi
  # Every image built on it installs from Debian 12 with its point-release and security updates.
  printf '%s\n' \
    'deb http://deb.debian.org/debian bookworm main' \
    'deb http://deb.debian.org/debian bookworm-updates main' \
    'deb http://deb.debian.org/debian-security bookworm-security main' > "$rootfs/etc/apt/sources.list"
  # Nor the package descriptions' translations, as in Debian's official container images: no one reads them.
  echo 'Acquire::Languages "none";' > "$rootfs/etc/apt/apt.conf.d/no-languages"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet --change "LABEL $label=$hash" - "$base" > /dev/null
  rm -rf "$rootfs" "$rootfs.log"
  log "$base: imported"
}

# The broker's jars, and the agent compose.yaml mounts into the brokers from docker/kafka: the agent
# must exist in this checkout even when the image does (an image kept from another checkout has it
# inside, not here). A bind mount of a missing file leaves a directory in its place: that is replaced too.
fetch_kafka_jars() {
  local agent="$root/docker/kafka/jmx_prometheus_javaagent.jar"
  if [[ ! -f "$agent" || ! -d "$here/kafka/target/libs" ]]; then
    log "Kafka's jars and the JMX exporter agent from Maven Central"
    if [[ -d "$agent" ]]; then rmdir "$agent"; fi
    (cd "$root" && ./mvnw -q -B -f docker/images/kafka/pom.xml package)
  fi
}

# Runs the given functions side by side; prints each one's log when it ends, fails if any failed.
side_by_side() {
  local logs names=("$@") pids=() failed=0 i
  logs="$(mktemp -d)"
  for i in "${!names[@]}"; do
    "${names[$i]}" > "$logs/$i.log" 2>&1 &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      cat "$logs/$i.log"
    else
      failed=1
      echo "--- ${names[$i]} failed:" >&2
      tail -n 30 "$logs/$i.log" >&2
    fi
  done
  rm -rf "$logs"
  return "$failed"
}

build_jre() { build "$jre" "$here/jre" "$base"; }
build_postgres() { build "$prefix/postgres-standin:15" "$here/postgres" "$base"; }
build_prometheus() { build "$prefix/prometheus-standin:2" "$here/prometheus" "$base"; }
build_postgres_exporter() { build "$prefix/postgres-exporter-standin:0" "$here/postgres-exporter" "$base"; }
build_clickhouse() { build "$prefix/clickhouse-standin:18.16" "$here/clickhouse" "$base"; }
build_debian_standins() { side_by_side build_postgres build_prometheus build_postgres_exporter build_clickhouse; }
build_kafka() { build "$prefix/kafka-standin:4.3.1" "$here/kafka" "$jre"; }
build_jre_then_kafka() { side_by_side build_jre fetch_kafka_jars; build_kafka; }

if [[ "$what" == jars ]]; then
  fetch_kafka_jars
  exit
fi
build_base
case "$what" in
  base) ;;
  jre) build_jre ;;
  debian) build_debian_standins ;;
  kafka) build_jre_then_kafka ;;
  all) side_by_side build_jre_then_kafka build_debian_standins ;;
  *) echo "usage: $0 [jars|base|jre|debian|kafka|all]" >&2; exit 2 ;;
esac
log "done ($what)"
if [[ "$what" == all ]]; then
  podman images --filter "reference=$prefix/*"
fi
