#!/usr/bin/env bash
# One-shot set-up of the secure Compose stack, run by the kafka-init container as the super user
# "broker" once the brokers are healthy:
#   1. creates the topics of docs/contract.md, so that no service needs CREATE (the services' topic check
#      lists topics first and creates only missing ones);
#   2. grants each principal what its job needs and nothing more: the plan of ServiceAcls
#      (local/broker, io.datastreamscaling.local.broker.security). SecureComposeTest checks that the
#      `acl` lines below are exactly that plan. READ and WRITE imply DESCRIBE; an idempotent producer
#      needs no IDEMPOTENT_WRITE since Kafka 3.0 (KIP-679): WRITE on a topic is enough.
# Both steps are idempotent: re-running the container changes nothing.
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
# Every tool run below is a short-lived JVM: C1 only and the serial collector start it in about half
# the time of the broker's server settings (G1, C2), a small heap is plenty.
export KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx128m}"
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS must name the SASL_SSL listener}"
ADMIN_CONFIG="${ADMIN_CONFIG:-/run/secrets/broker.properties}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
REPLICATION_FACTOR="${TOPIC_REPLICATION_FACTOR:-3}"

topic() {
  "$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" \
    --create --if-not-exists --topic "$1" --partitions "$PARTITIONS" --replication-factor "$REPLICATION_FACTOR"
}

acl() {
  "$KAFKA_HOME/bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add "$@" > /dev/null
  echo "granted: $*"
}

topic orders
topic orders.dlq
topic orders.enriched
topic orders.high-value
topic revenue.per-user.1m

# One tool run per line, each a JVM: a line grants every --operation on every resource it names
# (kafka-acls.sh takes both options repeatedly), so related grants share a run.

# producer: append orders (idempotently)
acl --allow-principal User:producer --operation Write --topic orders

# consumer: read orders in its group (READ on the group covers join, fetch, commit), dead-letter poison records
acl --allow-principal User:consumer --operation Read --topic orders --group orders-consumer
acl --allow-principal User:consumer --operation Write --topic orders.dlq

# analytics-consumer (the ClickHouse consumer): the same, in its own group orders-analytics
acl --allow-principal User:analytics-consumer --operation Read --topic orders --group orders-analytics
acl --allow-principal User:analytics-consumer --operation Write --topic orders.dlq

# streams: its input and outputs, and everything named after its application id "orders-streams":
# consumer group, internal repartition/changelog topics, exactly-once transactional ids
acl --allow-principal User:streams --operation Read --topic orders
acl --allow-principal User:streams --operation Write --topic orders.enriched --topic orders.high-value --topic revenue.per-user.1m --topic orders.dlq
acl --allow-principal User:streams --operation All --topic orders-streams --group orders-streams --resource-pattern-type prefixed
acl --allow-principal User:streams --operation Write --operation Describe --transactional-id orders-streams --resource-pattern-type prefixed

# kafka-ui, read-only: the cluster, every topic (configs and messages), every group's offsets; no
# READ on groups (that would let it join or commit), no writes
acl --allow-principal User:kafka-ui --operation Describe --operation DescribeConfigs --cluster
acl --allow-principal User:kafka-ui --operation Read --operation DescribeConfigs --topic '*'
acl --allow-principal User:kafka-ui --operation Describe --group '*'

echo "topics and ACLs in place"
