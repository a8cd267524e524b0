"""revenue-nightly: daily revenue per city from the rides (a PySpark batch job, Spark 4).

Reads the rides (Parquet or Delta), shuffles them by day and city, aggregates revenue, ride count
and average price, and writes the result (Parquet). Without --rides it first writes a generated,
deterministic rides dataset (the same cities and price model as the Miaradia stream) to
<output>/rides. Like any app it holds no observability code: the Sparkwatch Spark plugin and the
logging / metrics confs come from the command line (scripts/spark-demo.sh).

Usage: spark-submit revenue.py --output DIR [--rides PATH] [--days N] [--rides-per-day N]
"""

import argparse
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

APP_NAME = "revenue-nightly"
CITIES = ["Antananarivo", "Toamasina", "Antsirabe", "Fianarantsoa", "Mahajanga", "Toliara", "Antsiranana", "Morondava"]


def generate_rides(spark, path, days, per_day):
    """Rides over `days` days ending 2026-11-30, deterministic (seeded), as the stream produces them."""
    cities = F.array(*[F.lit(c) for c in CITIES])
    distance = F.round(F.rand(seed=7) * 18 + 1, 2)
    rides = (
        spark.range(0, days * per_day)
        .select(
            F.element_at(cities, (F.col("id") % len(CITIES) + 1).cast("int")).alias("city"),
            distance.alias("distance_km"),
            (F.unix_timestamp(F.lit("2026-11-30 00:00:00")) - F.lit(days * 86400) + F.col("id") * F.lit(86400 // per_day))
            .cast("timestamp")
            .alias("event_time"),
        )
        .withColumn("price", F.round(F.lit(2500) + F.col("distance_km") * 1100, 0))
    )
    rides.write.mode("overwrite").parquet(path)


def read_rides(spark, path):
    if os.path.isdir(os.path.join(path, "_delta_log")):
        return spark.read.format("delta").load(path)
    return spark.read.parquet(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--rides", help="rides table (Parquet or Delta); generated under --output when absent")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--rides-per-day", type=int, default=20000)
    args = parser.parse_args()

    spark = SparkSession.builder.appName(APP_NAME).getOrCreate()
    rides_path = args.rides or os.path.join(args.output, "rides")
    if not os.path.exists(rides_path):
        generate_rides(spark, rides_path, args.days, args.rides_per_day)

    daily = (
        read_rides(spark, rides_path)
        .withColumn("day", F.to_date("event_time"))
        .groupBy("day", "city")
        .agg(
            F.sum("price").alias("revenue"),
            F.count("*").alias("rides"),
            F.round(F.avg("price"), 2).alias("avg_price"),
        )
        .orderBy("day", "city")
    )
    daily.write.mode("overwrite").parquet(os.path.join(args.output, "daily-revenue"))
    print(f"{APP_NAME}: app {spark.sparkContext.applicationId}, {daily.count()} day x city rows", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
