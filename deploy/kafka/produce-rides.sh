#!/bin/sh
# Rides for the Miaradia job in docker compose: RIDES_PER_SECOND JSON rides a second
# ({"city", "distance_km", "price", "event_time"}, the job's schema) into the Kafka topic `rides`.
# `--print` writes one second of rides to stdout instead (the deploy tests parse them).
# KAFKA_CONSOLE_PRODUCER names the producer command (the local demo runs Kafka from Maven jars).
set -eu
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
rate=${RIDES_PER_SECOND:-40}
producer=${KAFKA_CONSOLE_PRODUCER:-/opt/kafka/bin/kafka-console-producer.sh}

one_second() {
  awk -v n="$rate" -v now="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" -v seed="$((($(date +%s) * 7919 + $$) % 2147483647))" 'BEGIN {
    srand(seed)
    count = split("Antananarivo Toamasina Antsirabe Fianarantsoa Mahajanga Toliara Antsiranana Morondava", cities, " ")
    for (i = 0; i < n; i++) {
      city = cities[int(rand() * count) + 1]
      km = int((rand() * 18 + 1) * 100) / 100
      printf "{\"city\":\"%s\",\"distance_km\":%.2f,\"price\":%d,\"event_time\":\"%s\"}\n", city, km, 2500 + km * 1100, now
    }
  }'
}

if [ "${1:-}" = "--print" ]; then
  one_second
  exit 0
fi
while :; do
  one_second
  sleep 1
done | "$producer" --bootstrap-server "$bootstrap" --topic rides
