/**
 * The Grafana dashboards Sparkwatch ships, as code (@grafana/grafana-foundation-sdk): "Spark —
 * metrics core" and "Spark — streaming", on the series deploy/prometheus/prometheus.yml produces
 * (relabelled names, labels app_id / app_name / query / executor_id; the README mapping table).
 * Every series links to the Sparkwatch app page and incident view over the dashboard's absolute
 * time range, to the app's traces in Jaeger and to its logs in Kibana Discover; firing alerts
 * (ALERTS) are annotations whose text links to the incident view.
 *
 * scripts/deploy/gen-grafana.ts writes them into deploy/grafana/dashboards/, gen-k8s.ts into
 * ConfigMaps for Grafana's sidecar.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  type Dashboard,
  QueryVariableBuilder,
  RowBuilder,
  TextBoxVariableBuilder,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** Data source uids, as deploy/grafana/provisioning/datasources/sparkwatch.yaml provisions them. */
export const DATASOURCE_UIDS = {
  prometheus: 'sparkwatch-prometheus',
  alertmanager: 'sparkwatch-alertmanager',
  elasticsearch: 'sparkwatch-elasticsearch',
  jaeger: 'sparkwatch-jaeger',
} as const;

/** The Kibana data view over spark-logs-* (deploy/kibana/saved-objects.ndjson). */
export const KIBANA_DATA_VIEW_ID = 'spark-logs';

/**
 * Where a browser reaches the console, Jaeger UI and Kibana. They are the defaults of the dashboards'
 * textbox variables; compose rewrites them at start from the environment
 * (deploy/compose/grafana-entrypoint.sh), Kubernetes gets its own in gen-k8s.ts.
 */
export interface LinkBases {
  console: string;
  jaeger: string;
  kibana: string;
}

export const LOCAL_LINK_BASES: LinkBases = {
  console: 'http://localhost:3000',
  jaeger: 'http://localhost:16686',
  kibana: 'http://localhost:5601',
};

const prometheus = { type: 'prometheus', uid: DATASOURCE_UIDS.prometheus };

/** `metric{app_id="$app_id", …}`: the label matchers every panel query filters on. */
export function selector(metric: string, extra: string[] = []): string {
  return `${metric}{${['app_id="$app_id"', ...extra].join(', ')}}`;
}

const BY_APP = 'app_id, app_name';

// Grafana's data-link variables: the clicked series' labels, and the dashboard's absolute range
// in epoch milliseconds (what the console's from/to take, lib/url/state.ts).
const field = (label: string) => `\${__field.labels.${label}:percentencode}`;
const RANGE_MS = 'from=${__from}&to=${__to}';

/** The data links of every series: console app page and incident view, Jaeger, Kibana. */
export function seriesLinks(): DashboardLinkBuilder[] {
  // Jaeger UI's search takes microseconds and the span attribute filter as a JSON map.
  const tags = `%7B%22spark.app.id%22%3A%22${field('app_id')}%22%7D`;
  const kibanaState =
    `_g=(time:(from:'\${__from:date:iso}',to:'\${__to:date:iso}'))` +
    `&_a=(dataSource:(dataViewId:${KIBANA_DATA_VIEW_ID},type:dataView),` +
    `query:(language:kuery,query:'appId:%22${field('app_id')}%22'))`;
  return [
    new DashboardLinkBuilder('Sparkwatch: app timeline')
      .url(`\${console_url}/apps/${field('app_id')}?${RANGE_MS}&appName=${field('app_name')}`)
      .targetBlank(true),
    new DashboardLinkBuilder('Sparkwatch: incident view')
      .url(
        `\${console_url}/incident?appId=${field('app_id')}&appName=${field('app_name')}&${RANGE_MS}`,
      )
      .targetBlank(true),
    new DashboardLinkBuilder('Jaeger: traces of the app')
      .url(
        `\${jaeger_url}/search?service=${field('app_name')}&tags=${tags}` +
          '&start=${__from}000&end=${__to}000&lookback=custom&limit=100',
      )
      .targetBlank(true),
    new DashboardLinkBuilder('Kibana: logs of the app')
      .url(`\${kibana_url}/app/discover#/?${kibanaState}`)
      .targetBlank(true),
  ];
}

/** Links in the dashboard's header, for the app picked in the variable. */
function dashboardLinks(): DashboardLinkBuilder[] {
  return [
    new DashboardLinkBuilder('Sparkwatch: app timeline')
      .url('${console_url}/apps/${app_id:percentencode}?' + RANGE_MS)
      .targetBlank(true),
    new DashboardLinkBuilder('Sparkwatch: incident view')
      .url('${console_url}/incident?appId=${app_id:percentencode}&' + RANGE_MS)
      .targetBlank(true),
  ];
}

function linkVariables(bases: LinkBases): TextBoxVariableBuilder[] {
  const box = (name: string, label: string, value: string) =>
    new TextBoxVariableBuilder(name)
      .label(label)
      .defaultValue(value)
      .current({ text: value, value })
      .hide(VariableHide.HideVariable);
  return [
    box('console_url', 'Sparkwatch URL', bases.console),
    box('jaeger_url', 'Jaeger UI URL', bases.jaeger),
    box('kibana_url', 'Kibana URL', bases.kibana),
  ];
}

function appVariable(discovery: string): QueryVariableBuilder {
  const query = `label_values(${discovery}, app_id)`;
  return new QueryVariableBuilder('app_id')
    .label('Spark app')
    .datasource(prometheus)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalDesc);
}

/**
 * Firing alerts of the app as annotations. The text is rendered with the series' labels only
 * (Grafana does not interpolate dashboard variables there), so the console URL is written in.
 */
function alertAnnotation(bases: LinkBases): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Alerts')
    .datasource(prometheus)
    .enable(true)
    .iconColor('red')
    .expr(selector('ALERTS', ['alertstate="firing"']))
    .step('15s')
    .titleFormat('{{alertname}}')
    .tagKeys('severity,query')
    .textFormat(
      `{{app_name}} {{query}}: <a href="${bases.console}/incident?appId={{app_id}}&appName={{app_name}}">open the incident in Sparkwatch</a>`,
    );
}

interface Target {
  expr: string;
  legend: string;
}

const t = (expr: string, legend: string): Target => ({ expr, legend });

function timeseries(
  title: string,
  opts: { unit: string; targets: Target[]; description?: string; width?: number },
): TimeseriesBuilder {
  const panel = new TimeseriesBuilder()
    .title(title)
    .datasource(prometheus)
    .unit(opts.unit)
    .span(opts.width ?? 12)
    .height(8)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi))
    .dataLinks(seriesLinks());
  if (opts.description) panel.description(opts.description);
  opts.targets.forEach((target, i) =>
    panel.withTarget(
      new DataqueryBuilder()
        .datasource(prometheus)
        .refId(String.fromCharCode(65 + i))
        .expr(target.expr)
        .legendFormat(target.legend)
        .range(),
    ),
  );
  return panel;
}

/** Firing alerts of the app as a timeline; a click opens the incident view over the range. */
function alertsTimeline(): StateTimelineBuilder {
  return new StateTimelineBuilder()
    .title('Firing alerts')
    .description('ALERTS of the app; a bar is an alert firing. Click for its incident view.')
    .datasource(prometheus)
    .span(24)
    .height(5)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .dataLinks(seriesLinks())
    .withTarget(
      new DataqueryBuilder()
        .datasource(prometheus)
        .refId('A')
        .expr(
          `max by (${BY_APP}, alertname, query) (${selector('ALERTS', ['alertstate="firing"'])})`,
        )
        .legendFormat('{{alertname}} {{query}}')
        .range(),
    );
}

const executor = (metric: string) => selector(metric, ['executor_id!="driver"']);
const perExecutor = `${BY_APP}, executor_id`;
/** `sum by (app, executor) (fn(metric{…}[$__rate_interval]))` over the executors (not the driver). */
const perExecutorOver = (fn: 'rate' | 'increase', metric: string) =>
  `sum by (${perExecutor}) (${fn}(${executor(metric)}[$__rate_interval]))`;

export function metricsCoreDashboard(bases: LinkBases): Dashboard {
  return inHeader(
    new DashboardBuilder('Spark — metrics core')
      .uid('sparkwatch-spark-core')
      .description(
        'Driver and executor metrics of one Spark application. Generated by scripts/deploy/gen-grafana.ts: edit there.',
      )
      .tags(['spark', 'sparkwatch'])
      .time({ from: 'now-3h', to: 'now' })
      .refresh('30s')
      .tooltip(DashboardCursorSync.Crosshair)
      .readonly()
      .variables([appVariable('metrics_executor_totalCores'), ...linkVariables(bases)])
      .annotation(alertAnnotation(bases))
      .links(dashboardLinks())
      .withPanel(alertsTimeline())
      .withRow(new RowBuilder('Driver: jobs and stages'))
      .withPanel(
        timeseries('Active jobs', {
          unit: 'short',
          targets: [t(`max by (${BY_APP}) (${selector('spark_driver_active_jobs')})`, 'active')],
        }),
      )
      .withPanel(
        timeseries('Stages', {
          unit: 'short',
          description: 'Running stages and the failed-stage count of the DAGScheduler.',
          targets: [
            t(`max by (${BY_APP}) (${selector('spark_driver_running_stages')})`, 'running'),
            t(`max by (${BY_APP}) (${selector('spark_driver_failed_stages')})`, 'failed'),
          ],
        }),
      )
      .withRow(new RowBuilder('Executors'))
      .withPanel(
        timeseries('Executors alive', {
          unit: 'short',
          description: 'Executors reporting on the driver endpoint (the driver itself left out).',
          targets: [
            t(`count by (${BY_APP}) (${executor('metrics_executor_totalCores')})`, 'executors'),
            t(`sum by (${BY_APP}) (${executor('metrics_executor_totalCores')})`, 'cores'),
          ],
        }),
      )
      .withPanel(
        timeseries('Active tasks', {
          unit: 'short',
          targets: [
            t(
              `sum by (${perExecutor}) (${executor('metrics_executor_activeTasks')})`,
              'executor {{executor_id}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseries('Tasks completed / failed', {
          unit: 'short',
          description: 'Tasks finished per executor over the rate interval.',
          targets: [
            t(
              perExecutorOver('increase', 'metrics_executor_completedTasks_total'),
              'completed {{executor_id}}',
            ),
            t(
              perExecutorOver('increase', 'metrics_executor_failedTasks_total'),
              'failed {{executor_id}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseries('Storage memory used', {
          unit: 'bytes',
          description:
            'Memory used for storage per executor (and the driver), against its maximum.',
          targets: [
            t(
              `sum by (${perExecutor}) (${selector('metrics_executor_memoryUsed_bytes')})`,
              'used {{executor_id}}',
            ),
            t(`sum by (${BY_APP}) (${selector('metrics_executor_maxMemory_bytes')})`, 'max (all)'),
          ],
        }),
      )
      .withRow(new RowBuilder('GC'))
      .withPanel(
        timeseries('GC time share', {
          unit: 'percentunit',
          description:
            'Share of task time spent in GC per executor (the SparkExecutorHighGC alert fires above 30 % for 5 minutes).',
          targets: [
            t(
              perExecutorOver('rate', 'metrics_executor_totalGCTime_seconds_total') +
                ` / (sum by (${perExecutor}) (rate(${executor('metrics_executor_totalDuration_seconds_total')}[$__rate_interval])) > 0)`,
              'executor {{executor_id}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseries('GC time', {
          unit: 's',
          description: 'Seconds of GC per second of wall time, per executor.',
          targets: [
            t(
              perExecutorOver('rate', 'metrics_executor_totalGCTime_seconds_total'),
              'executor {{executor_id}}',
            ),
          ],
        }),
      )
      .withRow(new RowBuilder('Shuffle'))
      .withPanel(
        timeseries('Shuffle read / write', {
          unit: 'Bps',
          width: 24,
          targets: [
            t(
              perExecutorOver('rate', 'metrics_executor_totalShuffleRead_bytes_total'),
              'read {{executor_id}}',
            ),
            t(
              perExecutorOver('rate', 'metrics_executor_totalShuffleWrite_bytes_total'),
              'write {{executor_id}}',
            ),
          ],
        }),
      )
      .build(),
  );
}

const streaming = (metric: string) => selector(metric, ['query=~"$query"']);
const BY_QUERY = `${BY_APP}, query`;

export function streamingDashboard(bases: LinkBases): Dashboard {
  const query = 'label_values(spark_streaming_input_rate{app_id="$app_id"}, query)';
  return inHeader(
    new DashboardBuilder('Spark — streaming')
      .uid('sparkwatch-spark-streaming')
      .description(
        'Structured Streaming queries of one Spark application. Generated by scripts/deploy/gen-grafana.ts: edit there.',
      )
      .tags(['spark', 'sparkwatch', 'streaming'])
      .time({ from: 'now-3h', to: 'now' })
      .refresh('30s')
      .tooltip(DashboardCursorSync.Crosshair)
      .readonly()
      .variables([
        appVariable('spark_streaming_input_rate'),
        new QueryVariableBuilder('query')
          .label('Query')
          .datasource(prometheus)
          .query(query)
          .definition(query)
          .refresh(VariableRefresh.OnTimeRangeChanged)
          .sort(VariableSort.AlphabeticalAsc)
          .multi(true)
          .includeAll(true)
          .allValue('.+'),
        ...linkVariables(bases),
      ])
      .annotation(alertAnnotation(bases))
      .links(dashboardLinks())
      .withPanel(alertsTimeline())
      .withPanel(
        timeseries('Input vs processing rate', {
          unit: 'rows/s',
          width: 24,
          description:
            'Rows per second read and processed by the last micro-batch; processing below input means the query falls behind.',
          targets: [
            t(
              `sum by (${BY_QUERY}) (${streaming('spark_streaming_input_rate')})`,
              'input {{query}}',
            ),
            t(
              `sum by (${BY_QUERY}) (${streaming('spark_streaming_processing_rate')})`,
              'processing {{query}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseries('Batch duration', {
          unit: 'ms',
          description: 'Duration of the last micro-batch (triggerExecution).',
          targets: [
            t(`max by (${BY_QUERY}) (${streaming('spark_streaming_latency_ms')})`, '{{query}}'),
          ],
        }),
      )
      .withPanel(
        timeseries('Watermark lag', {
          unit: 'ms',
          description: 'How far the event-time watermark trails the wall clock.',
          targets: [
            t(
              `time() * 1000 - max by (${BY_QUERY}) (${streaming('spark_streaming_watermark_ms')} > 0)`,
              '{{query}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseries('State rows', {
          unit: 'short',
          targets: [
            t(`sum by (${BY_QUERY}) (${streaming('spark_streaming_state_rows')})`, '{{query}}'),
          ],
        }),
      )
      .withPanel(
        timeseries('State memory', {
          unit: 'bytes',
          targets: [
            t(`sum by (${BY_QUERY}) (${streaming('spark_streaming_state_bytes')})`, '{{query}}'),
          ],
        }),
      )
      .build(),
  );
}

/**
 * The SDK's builders default `placement` to "inControlsMenu" (its only value), which tucks the
 * header links and the annotation toggle into the controls menu; left out, Grafana shows them.
 */
function inHeader(dashboard: Dashboard): Dashboard {
  for (const link of [...(dashboard.links ?? []), ...(dashboard.panels ?? []).flatMap(dataLinks)])
    delete link.placement;
  for (const annotation of dashboard.annotations?.list ?? []) delete annotation.placement;
  return dashboard;
}

const dataLinks = (panel: NonNullable<Dashboard['panels']>[number]) =>
  'fieldConfig' in panel ? (panel.fieldConfig?.defaults?.links ?? []) : [];

export const DASHBOARDS = {
  'spark-metrics-core.json': metricsCoreDashboard,
  'spark-streaming.json': streamingDashboard,
} as const;
