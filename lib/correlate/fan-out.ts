import { UpstreamError, reportFailure } from '@/lib/http/errors';
import { currentRequestId } from '@/lib/http/request-id';

import type { SourceStatus, WithWarnings } from '@/lib/domain/types';

export type { SourceName, SourceState, SourceStatus } from '@/lib/domain/types';

/**
 * A list a backend cut at the limit it was asked for: as many items as the limit means there may
 * be more, which the panel says rather than showing a silently shortened list.
 */
export function upToLimit<T>(items: T[], limit: number, what: string): WithWarnings<T[]> {
  if (items.length < limit) return { value: items, warnings: [] };
  return {
    value: items,
    warnings: [
      `${limit} ${what} returned, as many as asked for: the window may hold more (the backend picks which); narrow it to see them all`,
    ],
    partial: true,
  };
}

export type SourceTask<T> = (signal: AbortSignal) => Promise<T | WithWarnings<T>>;

export interface FanOutResult<T extends Record<string, unknown>> {
  data: { [K in keyof T]: T[K] | null };
  sources: { [K in keyof T]: SourceStatus };
}

function isWithWarnings<T>(value: unknown): value is WithWarnings<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    Array.isArray((value as { warnings?: unknown }).warnings)
  );
}

/**
 * A failed source as data. Its message is the console's own with the request id; what the
 * backend said goes to the server log under that id (reportFailure).
 */
export function statusOf(error: unknown, tookMs: number): SourceStatus {
  const message = reportFailure(error, currentRequestId());
  if (error instanceof UpstreamError) {
    return {
      state: error.kind === 'timeout' ? 'timeout' : 'error',
      tookMs,
      error: {
        kind: error.kind,
        message,
        ...(error.status === undefined ? {} : { status: error.status }),
      },
    };
  }
  return { state: 'error', tookMs, error: { kind: 'internal', message } };
}

/**
 * Runs one task per backend in parallel and always answers: a failed source becomes data
 * (`null` plus its status) instead of failing the whole request.
 */
export async function fanOut<T extends Record<string, unknown>>(
  tasks: { [K in keyof T]: SourceTask<T[K]> },
  signal: AbortSignal,
): Promise<FanOutResult<T>> {
  const keys = Object.keys(tasks) as (keyof T)[];
  const settled = await Promise.allSettled(
    keys.map(async (key) => {
      const started = performance.now();
      try {
        const out = await tasks[key](signal);
        return { out, tookMs: performance.now() - started };
      } catch (error) {
        throw Object.assign(new Error('source failed', { cause: error }), {
          tookMs: performance.now() - started,
        });
      }
    }),
  );
  const data = {} as FanOutResult<T>['data'];
  const sources = {} as FanOutResult<T>['sources'];
  settled.forEach((result, index) => {
    const key = keys[index] as keyof T;
    if (result.status === 'fulfilled') {
      const { out, tookMs } = result.value;
      const rounded = Math.round(tookMs);
      if (isWithWarnings<T[typeof key]>(out)) {
        data[key] = out.value;
        sources[key] = {
          state: out.partial ? 'partial' : 'ok',
          tookMs: rounded,
          ...(out.warnings.length ? { warnings: out.warnings } : {}),
        };
      } else {
        data[key] = out as T[typeof key];
        sources[key] = { state: 'ok', tookMs: rounded };
      }
    } else {
      const failure = result.reason as Error & { tookMs?: number };
      data[key] = null;
      sources[key] = statusOf(failure.cause, Math.round(failure.tookMs ?? 0));
    }
  });
  return { data, sources };
}
