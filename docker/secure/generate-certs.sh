#!/usr/bin/env bash
# Generates everything the secure Compose setup needs, into one directory (default: ./secrets next
# to this script):
#   ca.p12                 the private CA (key + certificate): keep it off the containers
#   ca.pem                 the CA certificate, for clients that want PEM (Kafka UI, kcat, openssl)
#   broker.keystore.p12    the broker's key and certificate, signed by the CA, with its host names
#   truststore.p12         the CA certificate only, for clients that want a PKCS12 truststore (the
#                          generated client settings use ca.pem instead: no password needed)
#   store.password         the password of the three PKCS12 stores
#   <user>.password        one SCRAM-SHA-512 password per user: broker producer consumer analytics-consumer
#                          streams kafka-ui
#   producer.token     the bearer token POST /orders requires
#   <user>.properties      client settings for that user (SASL_SSL, SCRAM-SHA-512, ca.pem), for the
#                          Kafka CLI tools (--command-config) and Kafka's FileConfigProvider
#   <user>.jaas            the same login as a JAAS file (KafkaClient section), for JVMs configured with
#                          -Djava.security.auth.login.config (Kafka UI in the secure Compose setup)
#
# Clients authenticate with SCRAM, not with certificates: they need the truststore, no keystore.
#
# Usage: generate-certs.sh [OUT_DIR]
#   BROKER_HOSTS  comma-separated host names (or IPs) the broker certificate is valid for
#                 (default: kafka-1,kafka-2,kafka-3,kafka,localhost,127.0.0.1: the Compose brokers, one
#                 certificate shared by all of them, and the published ports on the host)
#   VALIDITY_DAYS certificate validity (default 365)
#   STORE_DIR     where the stores are mounted in the containers (default /etc/kafka/secrets), used in
#                 the generated <user>.properties files
set -euo pipefail

OUT_DIR="${1:-$(cd "$(dirname "$0")" && pwd)/secrets}"
BROKER_HOSTS="${BROKER_HOSTS:-kafka-1,kafka-2,kafka-3,kafka,localhost,127.0.0.1}"
VALIDITY_DAYS="${VALIDITY_DAYS:-365}"
STORE_DIR="${STORE_DIR:-/etc/kafka/secrets}"
USERS="broker producer consumer analytics-consumer streams kafka-ui"

command -v keytool >/dev/null || { echo "keytool not found: install a JDK (17+)" >&2; exit 1; }
if [[ -e "$OUT_DIR/ca.p12" ]]; then
  echo "$OUT_DIR already holds a CA: remove the directory to generate new material" >&2
  exit 1
fi
mkdir -p "$OUT_DIR"
chmod 700 "$OUT_DIR"
umask 077
cd "$OUT_DIR"

random_password() {
  if command -v openssl >/dev/null; then
    openssl rand -hex 24
  else
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
  fi
}

san=""
IFS=',' read -ra hosts <<< "$BROKER_HOSTS"
for host in "${hosts[@]}"; do
  if [[ "$host" =~ ^[0-9.]+$ ]]; then san+="ip:$host,"; else san+="dns:$host,"; fi
done
san="${san%,}"

store_password="$(random_password)"
printf '%s' "$store_password" > store.password
kt() { keytool "$@" -storepass "$store_password"; }

# The CA: bc:c marks it as allowed to sign certificates.
kt -genkeypair -alias ca -dname "CN=datastreamscaling-ca" -ext bc:c -keyalg EC -groupname secp256r1 \
   -validity "$VALIDITY_DAYS" -keystore ca.p12 -storetype PKCS12
kt -exportcert -rfc -alias ca -keystore ca.p12 -file ca.pem

# The broker: a key pair, a signing request, the CA's signature with the subject alternative names
# (what hostname verification checks), then the CA and the signed certificate back into its keystore.
kt -genkeypair -alias broker -dname "CN=${hosts[0]}" -keyalg EC -groupname secp256r1 \
   -validity "$VALIDITY_DAYS" -keystore broker.keystore.p12 -storetype PKCS12
kt -certreq -alias broker -keystore broker.keystore.p12 -file broker.csr
kt -gencert -rfc -alias ca -keystore ca.p12 -infile broker.csr -outfile broker.pem \
   -ext "SAN=$san" -validity "$VALIDITY_DAYS"
kt -importcert -noprompt -alias ca -file ca.pem -keystore broker.keystore.p12
kt -importcert -alias broker -file broker.pem -keystore broker.keystore.p12
rm -f broker.csr broker.pem

# What every client trusts: the CA, nothing else.
kt -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12 -storetype PKCS12

for user in $USERS; do
  password="$(random_password)"
  printf '%s' "$password" > "$user.password"
  cat > "$user.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$password";
ssl.truststore.location=$STORE_DIR/ca.pem
ssl.truststore.type=PEM
PROPERTIES
  # For a JVM whose Kafka clients are configured without sasl.jaas.config (Kafka UI):
  # -Djava.security.auth.login.config=<this file>.
  cat > "$user.jaas" <<JAAS
KafkaClient {
  org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$password";
};
JAAS
done

# The bearer token of the producer's POST /orders (PRODUCER_API_TOKEN_FILE in compose.secure.yaml).
random_password > producer.token

# Who may read what. The directory is 700: on the host only its owner reaches any file in it. The files
# Compose mounts as secrets are 444, what a Swarm secret gets by default: Compose (v2, v1, podman-compose)
# bind-mounts a file secret with its host owner and mode and ignores a secret's uid/gid/mode, and the
# containers do not run as you (apache/kafka as uid 1000, our services as 65532, Kafka UI as its own
# user), so a 600 file would be unreadable there. Each container mounts only its own secrets
# (compose.secure.yaml), so inside it nothing but that service can read them. The CA's private key is
# never mounted: it stays 600. The CA certificate and the truststore are public.
chmod 444 ./*
chmod 600 ca.p12
chmod 644 ca.pem truststore.p12
echo "generated in $OUT_DIR: CA, broker keystore (valid for $BROKER_HOSTS), truststore, passwords for: $USERS"
