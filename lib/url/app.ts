import { type inferParserType, createLoader, createSerializer, parseAsString } from 'nuqs/server';
import { filterParsers, windowParsers } from './shared';

/** The app page, `/apps/<appId>`: its window, filters and the app's name (a Jaeger service hint). */
export const appParsers = { ...windowParsers, ...filterParsers, appName: parseAsString };

export const loadAppSearch = createLoader(appParsers);
const serialize = createSerializer(appParsers);

export type AppState = Partial<inferParserType<typeof appParsers>>;

export function appHref(appId: string, state: AppState = {}): string {
  return serialize(`/apps/${encodeURIComponent(appId)}`, state);
}
