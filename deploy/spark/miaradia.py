"""Miaradia: rides -> average price per city over 5-minute event-time windows (Spark 4).

Rides (city, distance_km, price, event_time) come from Kafka (topic `rides`, JSON values) when
MIARADIA_KAFKA_BOOTSTRAP is set, otherwise from a built-in generator. Observability is wired as
an operator would in production: PrometheusServlet + executor metrics + streaming metrics, JSON
structured logs with mdc.appId / mdc.traceId / mdc.batchId on executor task lines, and one OTLP
trace per micro-batch (batch -> progress phases, batch -> jobs -> stages, real timings from the
driver's REST API) sent to Jaeger.

Usage (see scripts/spark-demo.sh): spark-submit miaradia.py --minutes 3
"""

import argparse
import hashlib
import json
import os
import signal
import sys
import urllib.request
from datetime import datetime, timezone

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQueryListener

APP_NAME = "miaradia-streaming"
QUERY_NAME = "avg_price_per_city"
CITIES = ["Antananarivo", "Toamasina", "Antsirabe", "Fianarantsoa", "Mahajanga", "Toliara", "Antsiranana", "Morondava"]


def trace_id(app_id: str, batch_id: int) -> str:
    """The same id on both sides: the job local property (logs) and the listener (spans)."""
    return hashlib.sha256(f"{app_id}:{QUERY_NAME}:batch:{batch_id}".encode()).hexdigest()[:32]


def span_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def iso_to_nanos(value: str) -> int:
    """Spark REST times look like 2026-11-25T03:40:01.123GMT; progress times end with Z."""
    text = value.replace("GMT", "+00:00").replace("Z", "+00:00")
    return int(datetime.fromisoformat(text).timestamp() * 1_000_000_000)


def rest(ui_url: str, path: str):
    with urllib.request.urlopen(f"{ui_url}/api/v1{path}", timeout=5) as response:
        return json.load(response)


def attrs(values: dict) -> list:
    return [{"key": k, "value": {"stringValue": str(v)}} for k, v in values.items() if v is not None]


class TracingListener(StreamingQueryListener):
    """Turns each micro-batch progress into an OTLP/HTTP JSON trace."""

    def __init__(self, app_id: str, ui_url: str, endpoint: str):
        self.app_id = app_id
        self.ui_url = ui_url
        self.endpoint = endpoint.rstrip("/") + "/v1/traces"

    def onQueryStarted(self, event):
        pass

    def onQueryIdle(self, event):
        pass

    def onQueryTerminated(self, event):
        pass

    def onQueryProgress(self, event):
        try:
            self.export(event.progress)
        except Exception as error:  # a tracing failure must never stop the query
            print(f"miaradia: trace export failed: {error}", file=sys.stderr)

    def export(self, p):
        batch = p.batchId
        tid = trace_id(self.app_id, batch)
        base = {
            "spark.app.id": self.app_id,
            "spark.app.name": APP_NAME,
            "spark.streaming.query.name": p.name,
            "spark.streaming.query.id": str(p.id),
            "spark.streaming.batch.id": batch,
        }
        start = iso_to_nanos(p.timestamp)
        total_ms = p.batchDuration
        root = span_id(f"{tid}:batch")
        spans = [self.span(tid, root, None, f"batch {batch}", start, start + total_ms * 1_000_000, {**base, "spark.streaming.num_input_rows": p.numInputRows})]
        cursor = start
        for phase in ["latestOffset", "getBatch", "queryPlanning", "addBatch", "walCommit", "commitOffsets"]:
            ms = (p.durationMs or {}).get(phase)
            if ms is None:
                continue
            spans.append(self.span(tid, span_id(f"{tid}:{phase}"), root, phase, cursor, cursor + ms * 1_000_000, base))
            cursor += ms * 1_000_000
        for job in rest(self.ui_url, f"/applications/{self.app_id}/jobs"):
            if job.get("jobGroup") != f"miaradia-batch-{batch}" or "completionTime" not in job:
                continue
            jid = span_id(f"{tid}:job:{job['jobId']}")
            job_attrs = {**base, "spark.job.id": job["jobId"]}
            spans.append(self.span(tid, jid, root, f"job {job['jobId']}", iso_to_nanos(job["submissionTime"]), iso_to_nanos(job["completionTime"]), job_attrs))
            for stage_id in job.get("stageIds", []):
                for stage in rest(self.ui_url, f"/applications/{self.app_id}/stages/{stage_id}"):
                    if "submissionTime" not in stage or "completionTime" not in stage:
                        continue  # skipped stages never ran
                    spans.append(
                        self.span(
                            tid,
                            span_id(f"{tid}:stage:{stage_id}:{stage['attemptId']}"),
                            jid,
                            f"stage {stage_id}",
                            iso_to_nanos(stage["submissionTime"]),
                            iso_to_nanos(stage["completionTime"]),
                            {**job_attrs, "spark.stage.id": stage_id, "spark.stage.attempt": stage["attemptId"], "spark.stage.num_tasks": stage.get("numTasks")},
                            error=stage.get("status") == "FAILED",
                        )
                    )
        payload = {
            "resourceSpans": [
                {
                    "resource": {"attributes": attrs({"service.name": APP_NAME, "spark.app.id": self.app_id, "spark.app.name": APP_NAME})},
                    "scopeSpans": [{"scope": {"name": "miaradia.listener", "version": "1.0.0"}, "spans": spans}],
                }
            ]
        }
        request = urllib.request.Request(self.endpoint, data=json.dumps(payload).encode(), headers={"content-type": "application/json"})
        urllib.request.urlopen(request, timeout=5).read()

    @staticmethod
    def span(tid, sid, parent, name, start, end, attributes, error=False):
        span = {"traceId": tid, "spanId": sid, "name": name, "kind": 1, "startTimeUnixNano": str(start), "endTimeUnixNano": str(end), "attributes": attrs(attributes)}
        if parent:
            span["parentSpanId"] = parent
        if error:
            span["status"] = {"code": 2}
        return span


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


def register_target(app_id: str, ui_url: str) -> str | None:
    """Tells Prometheus where this driver's metrics are (file_sd), labelled with the real app id."""
    directory = os.environ.get("SW_PROM_TARGETS_DIR")
    if not directory:
        return None
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{app_id}.json")
    # Where Prometheus reaches the driver: loopback on one machine, the service name in compose.
    host = ui_url.split("://", 1)[-1]
    advertised = os.environ.get("SW_PROM_TARGET_HOST")
    if advertised:
        host = f"{advertised}:{host.rsplit(':', 1)[-1]}"
    with open(path + ".tmp", "w") as f:
        json.dump([{"targets": [host], "labels": {"app_id": app_id, "app_name": APP_NAME}}], f)
    os.replace(path + ".tmp", path)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=3, help="run time; 0 runs until stopped (SIGTERM)")
    parser.add_argument("--output", default=os.environ.get("MIARADIA_OUTPUT", "/tmp/miaradia"))
    args = parser.parse_args()

    spark = SparkSession.builder.appName(APP_NAME).getOrCreate()
    sc = spark.sparkContext
    app_id = sc.applicationId
    ui_url = f"http://127.0.0.1:{(sc.uiWebUrl or 'http://localhost:4040').rsplit(':', 1)[-1]}"
    sc.setLocalProperty("mdc.appId", app_id)
    target = register_target(app_id, ui_url)
    print(f"miaradia: app {app_id}, ui {ui_url}", flush=True)
    with open(os.path.join(os.environ.get("MIARADIA_RUN_DIR", "."), "app-id"), "w") as f:
        f.write(app_id)

    spark.streams.addListener(TracingListener(app_id, ui_url, os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")))

    averages = (
        rides(spark)
        .withWatermark("event_time", "10 minutes")
        .groupBy(F.window("event_time", "5 minutes"), "city")
        .agg(F.avg("price").alias("avg_price"), F.count("*").alias("rides"), F.avg("distance_km").alias("avg_distance_km"))
    )
    sink = os.environ.get("MIARADIA_SINK", "parquet")

    def write_batch(df, batch_id):
        # Local properties reach the executors' MDC: their task log lines carry these ids.
        sc.setLocalProperty("mdc.traceId", trace_id(app_id, batch_id))
        sc.setLocalProperty("mdc.batchId", str(batch_id))
        sc.setJobGroup(f"miaradia-batch-{batch_id}", f"Miaradia micro-batch {batch_id}")
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
        if target and os.path.exists(target):
            os.remove(target)
        spark.stop()


if __name__ == "__main__":
    main()
