#!/usr/bin/env bash
KAFKA_OPTS= # a tool, not the broker: no metrics agent on the broker's port
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
