"""A small real Spark app that keeps its two executors busy for a while, then ends normally.

Used by lib/correlate/executor-lost.int.test.ts: an executor of one run is killed (a real loss),
another run just ends (an app's normal end), and Prometheus scrapes both like any Spark driver.
Arguments: app name, seconds to run.
"""

import json
import os
import sys
import time

from pyspark.sql import SparkSession


def main():
    name, seconds = sys.argv[1], float(sys.argv[2])
    spark = SparkSession.builder.appName(name).getOrCreate()
    sc = spark.sparkContext
    # Registers its driver UI with Prometheus like the Miaradia job (file_sd target, app labels).
    targets = os.environ.get("SW_PROM_TARGETS_DIR")
    if targets:
        port = sc.uiWebUrl.rsplit(":", 1)[1]
        with open(os.path.join(targets, f"{sc.applicationId}.json"), "w") as f:
            json.dump(
                [{"targets": [f"127.0.0.1:{port}"], "labels": {"app_id": sc.applicationId, "app_name": name}}],
                f,
            )
    deadline = time.time() + seconds
    while time.time() < deadline:
        sc.parallelize(range(4000), 4).map(lambda x: x * x).sum()
        time.sleep(1)
    spark.stop()


if __name__ == "__main__":
    main()
