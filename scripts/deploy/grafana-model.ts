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
