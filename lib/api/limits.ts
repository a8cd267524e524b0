import 'server-only';
import { getConfig } from '@/lib/config';
import { type Release, Semaphore } from './semaphore';

export interface LimitSettings {
  /** Requests served at once by this process. */
  global: number;
  /** Requests served at once for one caller. */
  perCaller: number;
  /** Requests that may wait for a global slot (each caller may queue as many as it may run). */
  queued: number;
  queueTimeoutMs: number;
}

export type Admission =
  { release: Release } | { refused: 'caller' | 'global'; retryAfterS: number };

/**
 * Admission of backend-bound requests: a caller's own slots first, then the process's, each
 * with a short queue. Refusing early (429) keeps a flood from holding memory and backend
 * connections; a caller's entry lives only while it has requests running or waiting.
 */
export function createLimiter(settings: LimitSettings) {
  const global = new Semaphore(settings.global, settings.queued);
  const callers = new Map<string, Semaphore>();
  const retryAfterS = Math.max(1, Math.ceil(settings.queueTimeoutMs / 1000));

  const forget = (caller: string, own: Semaphore) => {
    if (own.idle && callers.get(caller) === own) callers.delete(caller);
  };

  return {
    async admit(caller: string, signal?: AbortSignal): Promise<Admission> {
      const deadline = Date.now() + settings.queueTimeoutMs;
      let own = callers.get(caller);
      if (!own) {
        own = new Semaphore(settings.perCaller, settings.perCaller);
        callers.set(caller, own);
      }
      const mine = await own.acquire(settings.queueTimeoutMs, signal);
      if (!mine) {
        forget(caller, own);
        return { refused: 'caller', retryAfterS };
      }
      const shared = await global.acquire(deadline - Date.now(), signal);
      if (!shared) {
        mine();
        forget(caller, own);
        return { refused: 'global', retryAfterS };
      }
      const held = own;
      return {
        release: () => {
          shared();
          mine();
          forget(caller, held);
        },
      };
    },
    /** Callers with requests running or waiting (for tests). */
    get callers(): number {
      return callers.size;
    },
  };
}

let limiter: ReturnType<typeof createLimiter> | undefined;

/** The process's limiter, with the settings of lib/config.ts. */
export function apiLimiter(): ReturnType<typeof createLimiter> {
  limiter ??= createLimiter(getConfig().limits);
  return limiter;
}
