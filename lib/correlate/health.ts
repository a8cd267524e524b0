import 'server-only';
import type { HealthResponse } from '@/lib/domain/types';
import { probeAlertmanager } from '@/lib/sources/alertmanager/health';
import { probeElasticsearch } from '@/lib/sources/elasticsearch/health';
import { probeJaeger } from '@/lib/sources/jaeger/health';
import { probePrometheus } from '@/lib/sources/prometheus/health';
import { probeSparkHistory } from '@/lib/sources/spark/health';
import { fanOut } from './fan-out';

/** Probes every backend in parallel; one being down never hides the others. */
export async function checkHealth(signal: AbortSignal): Promise<HealthResponse> {
  const report = await fanOut(
    {
      prometheus: (s) => probePrometheus({ signal: s }),
      alertmanager: (s) => probeAlertmanager({ signal: s }),
      elasticsearch: (s) => probeElasticsearch({ signal: s }),
      jaeger: (s) => probeJaeger({ signal: s }),
      spark: (s) => probeSparkHistory({ signal: s }),
    },
    signal,
  );
  const down = Object.entries(report.sources)
    .filter(([, status]) => status.state !== 'ok')
    .map(([name]) => name);
  return {
    status: down.length ? 'degraded' : 'ok',
    checkedAt: new Date().toISOString(),
    down,
    ...report,
  };
}
