"""A plain PySpark app with no Sparkwatch code: one batch job, then a short streaming query.

It stands for "any team's app": the integration test (scripts/spark-demo.int.test.ts) starts it
with only the confs documented in the README ("Connect your Spark app") and checks that traces
and log ids appear. Keep it free of anything Sparkwatch-specific.

Usage: spark-submit plain_app.py --mode batch|streaming|both --output DIR [--seconds N]
"""

import argparse
import os
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def batch(spark, output):
    orders = spark.range(0, 20000).select(
        (F.col("id") % 17).alias("shop"),
        (F.col("id") % 97 * 1.5).alias("amount"),
    )
    totals = orders.groupBy("shop").agg(F.sum("amount").alias("total"), F.count("*").alias("orders"))
    totals.write.mode("overwrite").parquet(os.path.join(output, "totals"))
    print(f"plain-app: {spark.read.parquet(os.path.join(output, 'totals')).count()} shops", flush=True)


def streaming(spark, output, seconds):
    counts = (
        spark.readStream.format("rate").option("rowsPerSecond", 20).load()
        .withWatermark("timestamp", "30 seconds")
        .groupBy(F.window("timestamp", "10 seconds"), (F.col("value") % 5).alias("bucket"))
        .count()
    )
    query = (
        counts.writeStream.queryName("bucket_counts")
        .outputMode("append")
        .format("parquet")
        .option("path", os.path.join(output, "counts"))
        .option("checkpointLocation", os.path.join(output, "checkpoint"))
        .trigger(processingTime="2 seconds")
        .start()
    )
    time.sleep(seconds)
    query.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["batch", "streaming", "both"], default="both")
    parser.add_argument("--output", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    spark = SparkSession.builder.appName("plain-app").getOrCreate()
    if args.mode in ("batch", "both"):
        batch(spark, args.output)
    if args.mode in ("streaming", "both"):
        streaming(spark, args.output, args.seconds)
    spark.stop()


if __name__ == "__main__":
    main()
