/**
 * PromQL built from parts. Label values from requests only ever enter a query through `quote`,
 * as string literals; metric names and templates come from server configuration and are checked.
 */
import { LABEL_NAME, METRIC_NAME } from '@/lib/domain/ids';

/** A PromQL double-quoted string literal (Go string escaping). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** An exact value, or `{ re }`: a regular expression the server built (never a caller's text). */
export type Matchers = Record<string, string | { re: string } | undefined>;

function matcherList(matchers: Matchers): string {
  return Object.entries(matchers)
    .filter((entry): entry is [string, string | { re: string }] => entry[1] !== undefined)
    .map(([name, value]) => {
      if (!LABEL_NAME.test(name)) throw new Error(`invalid label name in configuration: ${name}`);
      return typeof value === 'string' ? `${name}=${quote(value)}` : `${name}=~${quote(value.re)}`;
    })
    .join(',');
}

/** `metric{label="value",…}` with every value quoted; undefined matchers are left out. */
export function selector(metric: string, matchers: Matchers): string {
  if (!METRIC_NAME.test(metric)) throw new Error(`invalid metric name in configuration: ${metric}`);
  return `${metric}{${matcherList(matchers)}}`;
}

/** `{label="value",…}` without a metric name: every series of the matchers (at least one). */
export function labelSelector(matchers: Matchers): string {
  const list = matcherList(matchers);
  if (!list) throw new Error('a selector without a metric name needs a matcher');
  return `{${list}}`;
}

/**
 * Renders a signal template from configuration: every `$selector` becomes the selector of the
 * signal's metric with the request's matchers, e.g. `sum by (query) ($selector)`.
 */
export function renderTemplate(template: string, metric: string, matchers: Matchers): string {
  if (!template.includes('$selector'))
    throw new Error(`signal template lacks $selector: ${template}`);
  return template.split('$selector').join(selector(metric, matchers));
}

/**
 * Step (seconds) so a series has at most one point per pixel of its chart and never more than
 * Prometheus's 11,000 points per series.
 */
export function stepFor(fromMs: number, toMs: number, maxPoints: number): number {
  const seconds = Math.max(1, (toMs - fromMs) / 1000);
  return Math.max(1, Math.ceil(seconds / Math.max(1, maxPoints)), Math.ceil(seconds / 11_000));
}
