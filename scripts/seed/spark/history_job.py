"""A tiny real Spark 4 batch app whose event log the History Server serves to the console's tests.

Run by scripts/seed/spark-history.sh with spark.eventLog.enabled=true. Its jobs are made to show
each thing the stage diagnosis looks for, in a few seconds on two cores:
  - a skewed sort (nine rows in ten share one key, hash-partitioned into 16), which also spills
    (spark.shuffle.spill.numElementsForceSpillThreshold is set low by the runner);
  - a healthy aggregation;
  - a stage whose first attempt of one task fails, retried to success (a failed task);
  - SQL executions (DataFrame queries), so /sql has entries.
"""

import sys

from pyspark import TaskContext
from pyspark.sql import SparkSession, functions as F


def fail_once(index, rows):
    ctx = TaskContext.get()
    if index == 3 and ctx is not None and ctx.attemptNumber() == 0:
        raise RuntimeError("sparkwatch seed: planned failure of the first attempt of partition 3")
    return rows


def main():
    spark = SparkSession.builder.appName(sys.argv[1] if len(sys.argv) > 1 else "sparkwatch-history-seed").getOrCreate()
    sc = spark.sparkContext

    # Adaptive execution would split the skewed partition and coalesce the small ones.
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    sc.setJobDescription("skewed sort")
    rows = spark.range(0, 1_200_000, numPartitions=8).withColumn(
        "key", F.when(F.col("id") % 10 != 0, F.lit(0)).otherwise(F.col("id") % 97)
    )
    rows.repartition(16, "key").sortWithinPartitions("id").write.format("noop").mode(
        "overwrite"
    ).save()

    sc.setJobDescription("aggregation")
    rows.groupBy("key").agg(F.count("*").alias("n"), F.sum("id").alias("s")).collect()

    sc.setJobDescription("retried task")
    sc.parallelize(range(1000), 4).mapPartitionsWithIndex(fail_once).map(lambda x: (x % 5, x)).reduceByKey(
        lambda a, b: a + b
    ).collect()

    spark.stop()


if __name__ == "__main__":
    main()
