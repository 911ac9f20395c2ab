#!/usr/bin/env bash
# What the official clickhouse-server image's entry point does for the variables the Compose stack
# sets: CLICKHOUSE_USER with the password CLICKHOUSE_PASSWORD or the file CLICKHOUSE_PASSWORD_FILE
# becomes the server's only user (the passwordless "default" is removed), reachable from the network;
# the data directory is handed to the clickhouse user, who runs the server.
set -euo pipefail
user="${CLICKHOUSE_USER:-default}"
if [[ -n "${CLICKHOUSE_PASSWORD_FILE:-}" ]]; then
  password="$(< "$CLICKHOUSE_PASSWORD_FILE")"
else
  password="${CLICKHOUSE_PASSWORD:-}"
fi
if [[ "$user" != default || -n "$password" ]]; then
  # The password goes into the server's own users.d, readable by the server only.
  umask 077
  cat > /etc/clickhouse-server/users.d/default-user.xml <<XML
<yandex>
  <users>
    <default remove="remove"></default>
    <${user}>
      <profile>default</profile>
      <networks><ip>::/0</ip></networks>
      <password>${password}</password>
      <quota>default</quota>
    </${user}>
  </users>
</yandex>
XML
  chown clickhouse:clickhouse /etc/clickhouse-server/users.d/default-user.xml
fi
chown clickhouse:clickhouse /var/lib/clickhouse
exec setpriv --reuid=clickhouse --regid=clickhouse --init-groups \
  /usr/sbin/clickhouse-server --config-file=/etc/clickhouse-server/config.xml "$@"
