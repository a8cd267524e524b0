/**
 * Shapes of the console's own JSON API, shared by routes and the UI (no server code here).
 */
export type SourceName = 'prometheus' | 'alertmanager' | 'elasticsearch' | 'jaeger';
export type SourceState = 'ok' | 'partial' | 'error' | 'timeout';

export interface SourceStatus {
  state: SourceState;
  tookMs: number;
  warnings?: string[];
  error?: { kind: string; message: string; status?: number };
}

export interface BackendProbe {
  version: string;
  detail?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  checkedAt: string;
  down: string[];
  data: Record<SourceName, BackendProbe | null>;
  sources: Record<SourceName, SourceStatus>;
}
