#!/usr/bin/env bash
# The distribution's launcher, reduced to what it does in the apache/kafka image: one JVM with every
# jar of /opt/kafka/libs, the heap and JVM options of the KAFKA_* variables, console logging.
set -euo pipefail
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
exec java ${KAFKA_HEAP_OPTS:-} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true} \
  ${KAFKA_OPTS:-} "-Dlog4j2.configurationFile=${KAFKA_LOG4J_CONFIG:-$KAFKA_HOME/config/log4j2.properties}" \
  -cp "$KAFKA_HOME/libs/*" "$@"
