"""Miaradia: rides -> average price per city over 5-minute event-time windows (Spark 4).

Rides (city, distance_km, price, event_time) come from Kafka (topic `rides`, JSON values) when
MIARADIA_KAFKA_BOOTSTRAP is set, otherwise from a built-in generator. The job holds no tracing or
log-context code: like any app, it is observed through configuration (deploy/spark/spark-defaults.conf
and scripts/spark-demo.sh) — PrometheusServlet + executor metrics + streaming metrics, JSON
structured logs, and the Sparkwatch Spark plugin (one OTLP trace per micro-batch, ids in the log
context of every task line, the driver registered with Prometheus). It only writes its app id
where the local log shipper looks for it.

Usage (see scripts/spark-demo.sh): spark-submit miaradia.py --minutes 3
"""

import argparse
import os
import signal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

APP_NAME = "miaradia-streaming"
QUERY_NAME = "avg_price_per_city"
CITIES = ["Antananarivo", "Toamasina", "Antsirabe", "Fianarantsoa", "Mahajanga", "Toliara", "Antsiranana", "Morondava"]


def rides(spark):
    bootstrap = os.environ.get("MIARADIA_KAFKA_BOOTSTRAP")
    schema = "city STRING, distance_km DOUBLE, price DOUBLE, event_time TIMESTAMP"
    if bootstrap:
        raw = spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", "rides").load()
        return raw.select(F.from_json(F.col("value").cast("string"), schema).alias("r")).select("r.*")
    rate = spark.readStream.format("rate").option("rowsPerSecond", int(os.environ.get("MIARADIA_ROWS_PER_SECOND", "40"))).load()
    cities = F.array(*[F.lit(c) for c in CITIES])
    distance = F.round(F.rand() * 18 + 1, 2)
    return rate.select(
        F.element_at(cities, (F.col("value") % len(CITIES) + 1).cast("int")).alias("city"),
        distance.alias("distance_km"),
        F.col("timestamp").alias("event_time"),
    ).withColumn("price", F.round(F.lit(2500) + F.col("distance_km") * 1100, 0))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=3, help="run time; 0 runs until stopped (SIGTERM)")
    parser.add_argument("--output", default=os.environ.get("MIARADIA_OUTPUT", "/tmp/miaradia"))
    args = parser.parse_args()

    spark = SparkSession.builder.appName(APP_NAME).getOrCreate()
    app_id = spark.sparkContext.applicationId
    print(f"miaradia: app {app_id}, ui {spark.sparkContext.uiWebUrl}", flush=True)
    with open(os.path.join(os.environ.get("MIARADIA_RUN_DIR", "."), "app-id"), "w") as f:
        f.write(app_id)

    averages = (
        rides(spark)
        .withWatermark("event_time", "10 minutes")
        .groupBy(F.window("event_time", "5 minutes"), "city")
        .agg(F.avg("price").alias("avg_price"), F.count("*").alias("rides"), F.avg("distance_km").alias("avg_distance_km"))
    )
    sink = os.environ.get("MIARADIA_SINK", "parquet")

    def write_batch(df, batch_id):
        out = df.select(F.col("window.start").alias("window_start"), F.col("window.end").alias("window_end"), "city", "avg_price", "rides", "avg_distance_km")
        out.write.mode("append").format("delta" if sink == "delta" else "parquet").save(args.output)

    query = (
        averages.writeStream.queryName(QUERY_NAME)
        .outputMode("update")
        .trigger(processingTime=os.environ.get("MIARADIA_TRIGGER", "5 seconds"))
        .option("checkpointLocation", os.path.join(args.output + "-checkpoint"))
        .foreachBatch(write_batch)
        .start()
    )
    signal.signal(signal.SIGTERM, lambda *_: query.stop())
    try:
        if args.minutes > 0:
            query.awaitTermination(args.minutes * 60)
        else:
            query.awaitTermination()
    finally:
        query.stop()
        spark.stop()


if __name__ == "__main__":
    main()
