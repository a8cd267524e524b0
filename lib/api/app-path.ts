import 'server-only';
import { assertAppInScope } from '@/lib/correlate/access';
import type { AppScope } from '@/lib/domain/access';
import { parsePath, params } from './params';

/**
 * The app id of a route's path: a well-formed id (else 400) of one of the caller's apps (else
 * 404, as for an unknown one). Call it after the query is parsed, so bad input is refused before
 * any backend is asked.
 */
export async function appFromPath(
  raw: string | undefined,
  scope: AppScope,
  signal: AbortSignal,
  name = 'appId',
): Promise<string> {
  const appId = parsePath(name, raw, params.appId);
  await assertAppInScope(scope, appId, signal);
  return appId;
}
