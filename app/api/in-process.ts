import 'server-only';
import { ApiError, type ApiGet, answerOf } from '@/lib/queries/api';
import { GET as coverage } from './apps/[appId]/coverage/route';
import { GET as stages } from './apps/[appId]/stages/route';
import { GET as timeline } from './apps/[appId]/timeline/route';
import { GET as logs } from './logs/route';
import { GET as traces } from './traces/route';

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

// The API paths a page prefetches, with the handler that answers each: the request a browser
// would make, parsed and answered by the same code, without the network hop.
const ROUTES: [RegExp, Handler, ...string[]][] = [
  [/^\/api\/apps\/([^/]+)\/timeline$/, timeline as Handler, 'appId'],
  [/^\/api\/apps\/([^/]+)\/coverage$/, coverage as Handler, 'appId'],
  [/^\/api\/apps\/([^/]+)\/stages$/, stages as Handler, 'appId'],
  [/^\/api\/logs$/, logs as Handler],
  [/^\/api\/traces$/, traces as Handler],
];

/**
 * A query fetcher for server components: answers `/api/...` paths with the route handlers in this
 * process, carrying the page request's headers (its session cookie) so each route applies the
 * caller's own checks. Failures reject like the browser's fetcher, with the route's message.
 */
export function inProcess(headers: Headers): ApiGet {
  return async <T>(path: string, signal?: AbortSignal): Promise<T> => {
    const url = new URL(path, 'http://console.internal');
    for (const [pattern, handler, ...names] of ROUTES) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(
        names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      const request = new Request(url, { headers, ...(signal ? { signal } : {}) });
      return answerOf<T>(await handler(request, { params: Promise.resolve(params) }));
    }
    throw new ApiError(`no in-process route for ${url.pathname}`, 404);
  };
}
