"""revenue-nightly: daily revenue per city from the rides (a PySpark batch job, Spark 4).

Reads the rides (Parquet or Delta), shuffles them by day and city, aggregates revenue, ride count
and average price, then each city's moving average price over its last 200 rides of the day (a
window over day and city: every ride is shuffled, no partial aggregation), and writes both results
(Parquet). Without --rides it first writes a generated, deterministic rides dataset (the same
cities and price model as the Miaradia stream) to <output>/rides. Like any app it holds no
observability code: the Sparkwatch Spark plugin and the logging / metrics confs come from the
command line (scripts/spark-demo.sh).

--hot-city moves a share of the rides (--hot-share) to one city on the last day, each sent
--hot-copies times — a hot key, as a promotion and a replayed feed would make: that day and city's
window partition then holds most of the rows, and its task runs far longer than the others — the
skewed stage a run-to-run comparison should find.

Usage: spark-submit revenue.py --output DIR [--rides PATH] [--days N] [--rides-per-day N]
       [--hot-city CITY [--hot-share F] [--hot-copies N]]
"""

import argparse
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.window import Window

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


def with_hot_city(rides, city, share, copies):
    """A deterministic share of the rides moved to one city on the last day and sent `copies` times
    (one hot key, and a feed replayed)."""
    last_day = F.unix_timestamp(F.lit("2026-11-29 00:00:00")) + F.unix_timestamp("event_time") % 86400
    return (
        rides.withColumn("hot", F.rand(seed=3) < share)
        .withColumn("event_time", F.when(F.col("hot"), F.timestamp_seconds(last_day)).otherwise(F.col("event_time")))
        .withColumn("city", F.when(F.col("hot"), F.lit(city)).otherwise(F.col("city")))
        .withColumn("copy", F.explode(F.sequence(F.lit(1), F.when(F.col("hot"), F.lit(copies)).otherwise(F.lit(1)))))
        .drop("hot", "copy")
    )


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
    parser.add_argument("--hot-city", choices=CITIES, help="inject a hot key: move --hot-share of the rides to this city")
    parser.add_argument("--hot-share", type=float, default=0.9)
    parser.add_argument("--hot-copies", type=int, default=6)
    args = parser.parse_args()

    spark = SparkSession.builder.appName(APP_NAME).getOrCreate()
    sc = spark.sparkContext
    # The nightly job keeps one task per shuffle partition (adaptive execution would merge the small
    # ones), so two runs line up stage by stage and task by task.
    spark.conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    rides_path = args.rides or os.path.join(args.output, "rides")
    if not os.path.exists(rides_path):
        sc.setJobDescription("generate rides")
        generate_rides(spark, rides_path, args.days, args.rides_per_day)
        # Reading the table below is the same work in every run: not "generate rides".
        sc.setJobDescription(None)

    rides = read_rides(spark, rides_path)
    if args.hot_city:
        rides = with_hot_city(rides, args.hot_city, args.hot_share, args.hot_copies)

    sc.setJobDescription("daily revenue per city")
    daily = (
        rides.withColumn("day", F.to_date("event_time"))
        .groupBy("day", "city")
        .agg(
            F.sum("price").alias("revenue"),
            F.count("*").alias("rides"),
            F.round(F.avg("price"), 2).alias("avg_price"),
        )
        .orderBy("day", "city")
    )
    daily_path = os.path.join(args.output, "daily-revenue")
    daily.write.mode("overwrite").parquet(daily_path)

    sc.setJobDescription("moving average price per city")
    last_rides = Window.partitionBy("day", "city").orderBy("event_time").rowsBetween(-199, 0)
    moving = (
        rides.withColumn("day", F.to_date("event_time"))
        .withColumn("moving_avg_price", F.avg("price").over(last_rides))
        .groupBy("day", "city")
        .agg(F.max("moving_avg_price").alias("max_moving_avg_price"))
    )
    moving.write.mode("overwrite").parquet(os.path.join(args.output, "moving-average"))

    sc.setJobDescription("count")
    # Counted from what was written: recounting `daily` would aggregate every ride again.
    print(f"{APP_NAME}: app {sc.applicationId}, {spark.read.parquet(daily_path).count()} day x city rows", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
