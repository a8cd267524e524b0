import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The id of the API request being served, so a failure's details in the server log and the
 * short message its caller sees can be matched. Set by lib/api/route.ts around each handler.
 */
const store = new AsyncLocalStorage<string>();

export const newRequestId = () => randomBytes(8).toString('hex');

export function withRequestId<T>(id: string, run: () => Promise<T>): Promise<T> {
  return store.run(id, run);
}

/** The current request's id; outside a route (a server page), a new one for this failure. */
export function currentRequestId(): string {
  return store.getStore() ?? newRequestId();
}
