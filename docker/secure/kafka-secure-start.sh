#!/usr/bin/env bash
# Entry point of the brokers in the secure Compose setup (docker/compose.secure.yaml).
#
# Why not the image's own start-up: it formats the storage without SCRAM users, and a SCRAM user must
# be in the cluster metadata before the first client (or broker) logs in with it; the only way to put
# it there before anything connects is `kafka-storage.sh format --add-scram`. So this script:
#   1. writes server.properties from the KAFKA_* variables with the image's mapping
#      (KAFKA_LOG_DIRS -> log.dirs; "___" -> "-", "__" -> "_", "_" -> "."), then appends the settings
#      that hold secrets, read from the Compose secrets in /run/secrets (never from the environment);
#   2. formats the storage with one SCRAM-SHA-512 user per name in SCRAM_USERS, password from
#      /run/secrets/<user>.password (--ignore-formatted: a restarted broker keeps its metadata);
#   3. starts the broker in place of this shell.
#
# Listener names this script knows (see KAFKA_LISTENER_SECURITY_PROTOCOL_MAP in compose.secure.yaml):
#   CLIENT     SASL_SSL, SCRAM-SHA-512: services and inter-broker traffic (as the super user "broker")
#   EXTERNAL   SASL_SSL, SCRAM-SHA-512: published to the host
#   CONTROLLER SASL_SSL, PLAIN: the quorum only; PLAIN because the controller must authenticate the
#              brokers before the metadata holding the SCRAM credentials is readable
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
CONFIG_DIR="${CONFIG_DIR:-/tmp/kafka-secure}"
: "${CLUSTER_ID:?CLUSTER_ID must be set (the same on every broker)}"
: "${SCRAM_USERS:?SCRAM_USERS must list the SCRAM users to create, e.g. broker producer consumer}"
SUPER_USER="${SUPER_USER:-broker}"

# Variables of the image or the JVM, not broker properties (the image's own exclusion list).
NOT_PROPERTIES=" KAFKA_VERSION KAFKA_HOME KAFKA_HEAP_OPTS KAFKA_LOG4J_OPTS KAFKA_OPTS KAFKA_JMX_OPTS KAFKA_JMX_PORT
  KAFKA_JMX_HOSTNAME KAFKA_JVM_PERFORMANCE_OPTS KAFKA_GC_LOG_OPTS KAFKA_LOG4J_ROOT_LOGLEVEL KAFKA_LOG4J_LOGGERS
  KAFKA_TOOLS_LOG4J_LOGLEVEL "

secret() {
  local file="$SECRETS_DIR/$1"
  [[ -r "$file" ]] || { echo "secret $file missing or unreadable by uid $(id -u) (run docker/secure/generate-certs.sh;" \
    "material from an older version of it is mode 600: chmod 444 the files it mounts; see docker/secure/README.md)" >&2; exit 1; }
  tr -d '\r\n' < "$file"
}

property_name() {
  local key="${1#KAFKA_}"
  key="${key,,}"
  key="${key//___/-}"
  key="${key//__/$'\x01'}"
  key="${key//_/.}"
  printf '%s' "${key//$'\x01'/_}"
}

render_properties() {
  local name
  for name in $(compgen -e | grep '^KAFKA_' | sort); do
    [[ " ${NOT_PROPERTIES//$'\n'/ } " == *" $name "* ]] && continue
    printf '%s=%s\n' "$(property_name "$name")" "${!name}"
  done
  local store_password super_password
  store_password="$(secret store.password)"
  super_password="$(secret "$SUPER_USER.password")"
  cat <<PROPERTIES
ssl.keystore.password=$store_password
ssl.key.password=$store_password
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$SUPER_USER" password="$super_password";
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$SUPER_USER" password="$super_password" user_$SUPER_USER="$super_password";
PROPERTIES
}

umask 077 # the rendered file holds passwords
mkdir -p "$CONFIG_DIR"
config="$CONFIG_DIR/server.properties"
render_properties > "$config"

scram=()
for user in $SCRAM_USERS; do
  scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(secret "$user.password")]")
done
# Its standard output lists the bootstrap records, the SCRAM users' salted keys among them: not for the log.
"$KAFKA_HOME/bin/kafka-storage.sh" format --config "$config" --cluster-id "$CLUSTER_ID" --ignore-formatted "${scram[@]}" > /dev/null
echo "storage in $(grep '^log.dirs=' "$config" | cut -d= -f2) formatted (or already), SCRAM users: $SCRAM_USERS"

exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$config"
