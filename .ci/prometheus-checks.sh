#!/usr/bin/env bash
# promtool checks of the Compose Prometheus config and the alert rules (issue 5):
#   check config  docker/prometheus/prometheus.yml (with its rule file pointed at dashboards/alerts.yml,
#                 where Compose mounts it; scrape hostnames are not resolved by promtool)
#   check rules   dashboards/alerts.yml
#   test rules    dashboards/alerts.test.yml (each alert fires on its failure, stays silent otherwise)
# Needs promtool: Debian's package `prometheus` (apt-get install -y prometheus) provides it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v promtool > /dev/null; then
  echo "prometheus-checks: promtool not found; install it with: apt-get install -y prometheus" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# In the container the rules are at /etc/prometheus/alerts.yml; here they are in the repository.
sed "s#/etc/prometheus/alerts.yml#$root/dashboards/alerts.yml#" \
  "$root/docker/prometheus/prometheus.yml" > "$work/prometheus.yml"
if grep -q '/etc/prometheus/' "$work/prometheus.yml"; then
  echo "prometheus-checks: prometheus.yml refers to a file under /etc/prometheus/ that this script does not map" >&2
  exit 1
fi

promtool check config "$work/prometheus.yml"
promtool check rules "$root/dashboards/alerts.yml"
(cd "$root/dashboards" && promtool test rules alerts.test.yml)
echo "prometheus-checks: OK"
