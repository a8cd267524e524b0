/**
 * What the tests read back from a provisioned dashboard JSON: its panels (rows flattened), their
 * PromQL queries and data links, the annotations and variables. Parsed with zod, so a dashboard that
 * lost a field the tests rely on fails loudly instead of being skipped.
 */
import { z } from 'zod';

const datasource = z.object({ type: z.string(), uid: z.string() });
const link = z.object({ title: z.string(), url: z.string() });
const target = z.object({ refId: z.string(), expr: z.string(), datasource });

const panel = z.object({
  type: z.string(),
  title: z.string(),
  datasource: datasource.optional(),
  targets: z.array(target).optional(),
  fieldConfig: z.object({ defaults: z.object({ links: z.array(link).optional() }) }).optional(),
  panels: z.array(z.unknown()).optional(),
});

const variable = z.object({
  type: z.string(),
  name: z.string(),
  query: z.union([z.string(), z.object({ query: z.string() })]).optional(),
});

export const dashboardSchema = z.object({
  uid: z.string(),
  title: z.string(),
  panels: z.array(panel),
  templating: z.object({ list: z.array(variable) }),
  annotations: z
    .object({
      list: z.array(
        z.object({
          name: z.string(),
          enable: z.boolean(),
          expr: z.string().optional(),
          textFormat: z.string().optional(),
          datasource: datasource.optional(),
        }),
      ),
    })
    .optional(),
  links: z.array(link).optional(),
});

export type GrafanaDashboard = z.infer<typeof dashboardSchema>;
export type GrafanaPanel = z.infer<typeof panel>;

export function parseDashboard(text: string): GrafanaDashboard {
  return dashboardSchema.parse(JSON.parse(text));
}

/** Panels in display order, those of collapsed rows included. */
export function dashboardPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? []).map((c) => panel.parse(c))]);
}

export interface PanelQuery {
  /** "<dashboard> / <panel> / <refId>", for messages. */
  where: string;
  panel: string;
  expr: string;
  datasource: { type: string; uid: string };
}

/** Every Prometheus expression of the dashboard: panel targets and annotation queries. */
export function dashboardQueries(dashboard: GrafanaDashboard): PanelQuery[] {
  const panels = dashboardPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).map((t) => ({
      where: `${dashboard.title} / ${p.title} / ${t.refId}`,
      panel: p.title,
      expr: t.expr,
      datasource: t.datasource,
    })),
  );
  const annotations = (dashboard.annotations?.list ?? []).flatMap((a) =>
    a.expr && a.datasource
      ? [
          {
            where: `${dashboard.title} / annotation ${a.name}`,
            panel: `annotation ${a.name}`,
            expr: a.expr,
            datasource: a.datasource,
          },
        ]
      : [],
  );
  return [...panels, ...annotations];
}

/** Every data-link template of the dashboard: panel links, and the dashboard's own. */
export function linkTemplates(dashboard: GrafanaDashboard): { where: string; url: string }[] {
  const panels = dashboardPanels(dashboard).flatMap((p) =>
    (p.fieldConfig?.defaults?.links ?? []).map((l) => ({
      where: `${dashboard.title} / ${p.title} / ${l.title}`,
      url: l.url,
    })),
  );
  const own = (dashboard.links ?? []).map((l) => ({
    where: `${dashboard.title} / ${l.title}`,
    url: l.url,
  }));
  return [...panels, ...own];
}

// Grafana's `percentencode`: encodeURIComponent, and !'()* too.
const percentEncode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export interface LinkScope {
  /** Dashboard variables (console_url, app_id, …) and the clicked series' labels. */
  variables: Record<string, string>;
  labels: Record<string, string>;
  /** The dashboard's time range, epoch ms. */
  from: number;
  to: number;
}

/**
 * A data-link template filled in as Grafana does for the variables these dashboards use:
 * `${name}`, `${name:percentencode}`, `${__field.labels.x…}`, `${__from}` / `${__to}` (epoch ms,
 * or `:date:iso`). A variable it does not know throws, so a link cannot silently keep a hole.
 */
export function interpolateLink(template: string, scope: LinkScope): string {
  return template.replace(/\$\{([^}:]+)(?::([^}]+))?\}/g, (_, name: string, format?: string) => {
    let value: string | undefined;
    if (name === '__from' || name === '__to') {
      const ms = name === '__from' ? scope.from : scope.to;
      if (format === 'date:iso') return new Date(ms).toISOString();
      if (format) throw new Error(`unknown format ${format} of ${name} in ${template}`);
      return String(ms);
    }
    if (name.startsWith('__field.labels.')) value = scope.labels[name.slice(15)];
    else value = scope.variables[name];
    if (value === undefined) throw new Error(`no value for \${${name}} in ${template}`);
    if (format === 'percentencode') return percentEncode(value);
    if (format) throw new Error(`unknown format ${format} of ${name} in ${template}`);
    return value;
  });
}

/**
 * Grafana's escaping of a value used after `=~`: regex metacharacters escaped, then the backslashes
 * doubled for the PromQL string literal.
 */
const regexEscape = (value: string) =>
  value.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&').replaceAll('\\', '\\\\');

/**
 * A panel expression as Grafana sends it to Prometheus: `$var` / `${var}` replaced by the value
 * (regex-escaped after `=~`), `$__rate_interval` by the given interval. Anything left throws.
 */
export function substitutePromql(
  expr: string,
  variables: Record<string, string>,
  rateInterval: string,
): string {
  return expr.replace(
    /(=~\s*")?\$(?:\{(\w+)\}|(\w+))/g,
    (match, regex: string | undefined, braced?: string, bare?: string) => {
      const name = (braced ?? bare)!;
      if (name === '__rate_interval') return rateInterval;
      const value = variables[name];
      if (value === undefined) throw new Error(`no value for $${name} in ${expr}`);
      return regex ? `${regex}${regexEscape(value)}` : value;
    },
  );
}
