/** Per-call options every source function accepts. */
export interface CallOptions {
  /** The incoming request's signal, so a client that goes away cancels backend calls. */
  signal?: AbortSignal;
}

/** Liveness and version of one backend, as reported by its own API. */
export type { BackendProbe as Probe } from '@/lib/domain/types';
