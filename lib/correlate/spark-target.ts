import 'server-only';
import type { SparkApplication } from '@/lib/domain/spark';
import { UpstreamError } from '@/lib/http/errors';
import { selector } from '@/lib/sources/prometheus/promql';
import { instantQuery } from '@/lib/sources/prometheus/queries';
import { getApplication } from '@/lib/sources/spark/applications';
import { type SparkAppRef, SOURCE, historyServer } from '@/lib/sources/spark/client';
import { getMapping } from './mapping';

/** A scrape target's `instance`: host:port, IPv6 in brackets. Anything else is not a UI address. */
const INSTANCE = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/**
 * The driver UI of a running app, without the operator typing a URL: Prometheus scrapes the
 * driver's UI port for the app's metrics (file_sd targets / PodMonitor labelled with the app id),
 * so the `instance` of a healthy target of the app is where its REST API answers.
 */
export async function driverUiOf(appId: string, signal: AbortSignal): Promise<string | undefined> {
  const label = getMapping().prometheus.appIdLabel;
  const up = await instantQuery(
    `max by (instance) (${selector('up', { [label]: appId })}) == 1`,
    undefined,
    {
      signal,
    },
  );
  const instance = up.value.map((s) => s.labels.instance ?? '').find((i) => INSTANCE.test(i));
  return instance ? `http://${instance}` : undefined;
}

export interface ResolvedSparkApp {
  /** Where to read: the History Server, or the live driver when it is fresher. */
  refs: SparkAppRef[];
  application?: SparkApplication;
  /** Why the History Server is not among the refs, when it is not. */
  historyMissing?: string;
}

/**
 * Where an app's Spark record can be read, best first. A finished app: the History Server. A
 * running one: its driver UI (the History Server lags by its scan interval), then the History
 * Server if it lists the app. Neither: an error saying what each answered.
 */
export async function resolveSparkApp(
  appId: string,
  signal: AbortSignal,
): Promise<ResolvedSparkApp> {
  const [history, driver] = await Promise.allSettled([
    getApplication(historyServer(), appId, { signal }),
    driverUiOf(appId, signal),
  ]);
  const application = history.status === 'fulfilled' ? history.value : undefined;
  const newest = application?.attempts[0];
  const fromHistory: SparkAppRef | undefined = application
    ? {
        target: historyServer(),
        appId,
        ...(newest?.attemptId ? { attemptId: newest.attemptId } : {}),
      }
    : undefined;
  const driverUrl = driver.status === 'fulfilled' ? driver.value : undefined;
  const fromDriver: SparkAppRef | undefined =
    driverUrl && !newest?.completed
      ? { target: { origin: 'driver', url: driverUrl }, appId }
      : undefined;
  const refs = [fromDriver, fromHistory].filter((r): r is SparkAppRef => Boolean(r));
  const historyMissing =
    history.status === 'rejected' ? (history.reason as Error).message : undefined;
  if (refs.length)
    return {
      refs,
      ...(application ? { application } : {}),
      ...(historyMissing ? { historyMissing } : {}),
    };
  if (
    history.status === 'rejected' &&
    history.reason instanceof UpstreamError &&
    history.reason.status !== 404
  )
    throw history.reason;
  throw new UpstreamError(
    `no Spark record of ${appId}: the History Server does not list it${
      history.status === 'rejected' ? ` (${(history.reason as Error).message})` : ''
    } and no live driver of it is scraped by Prometheus`,
    {
      source: SOURCE,
      kind: 'http',
      url: historyServer().url,
      status: 404,
      publicMessage: `no Spark record of ${appId}: the History Server does not list it and no live driver of it is scraped by Prometheus`,
    },
  );
}

/**
 * Calls `read` on the first place that answers: a driver that went away since it was scraped
 * falls back to the History Server. When only a driver was known and it failed, the error says what
 * each place answered: a scrape target that is no Spark UI (HTTP 404 on `/api/v1`, as the seed's
 * synthetic exporter) or a driver gone, and the History Server not holding the app.
 */
export async function readSpark<T>(
  resolved: ResolvedSparkApp,
  read: (ref: SparkAppRef) => Promise<T>,
): Promise<{ value: T; ref: SparkAppRef; warnings: string[] }> {
  const warnings: string[] = [];
  let last: unknown;
  for (const ref of resolved.refs) {
    try {
      return { value: await read(ref), ref, warnings };
    } catch (error) {
      last = error;
      if (ref !== resolved.refs.at(-1))
        warnings.push(
          `the driver UI at ${ref.target.url} did not answer (${error instanceof UpstreamError ? error.publicMessage : 'failed'}); read from the History Server`,
        );
    }
  }
  const only = resolved.refs.length === 1 ? resolved.refs[0] : undefined;
  if (only?.target.origin === 'driver' && resolved.historyMissing !== undefined) {
    const status = last instanceof UpstreamError ? last.status : undefined;
    throw new UpstreamError(
      `no Spark record of ${only.appId}: the History Server does not hold it (${resolved.historyMissing}), and ${
        status === 404
          ? `what Prometheus scrapes for it at ${only.target.url} serves no Spark REST API (HTTP 404)`
          : `its driver UI at ${only.target.url} did not answer (${(last as Error).message})`
      } — a finished app needs spark.eventLog.enabled and its event log in the History Server's directory`,
      {
        source: SOURCE,
        kind: 'http',
        url: historyServer().url,
        status: 404,
        // The same, in the console's words only (no backend addresses or texts) for callers.
        publicMessage: `no Spark record of ${only.appId}: the History Server does not hold it, and ${
          status === 404
            ? 'what Prometheus scrapes for it serves no Spark REST API (HTTP 404)'
            : 'its driver UI did not answer'
        } — a finished app needs spark.eventLog.enabled and its event log in the History Server's directory`,
        ...(last === undefined ? {} : { cause: last }),
      },
    );
  }
  throw last;
}
