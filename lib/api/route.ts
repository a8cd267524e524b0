import 'server-only';
import { NextResponse } from 'next/server';
import { UpstreamError } from '@/lib/http/errors';
import { type ApiErrorBody, BadRequestError } from '@/lib/domain/errors';
import type { Role } from '@/lib/domain/access';
import { identify } from '@/lib/auth/identify';
import { scopeFor, type Caller } from '@/lib/auth/principal';

/**
 * Who may call a route: anyone (health, OpenAPI, the webhook with its own token, signing in), any
 * signed-in caller, or holders of a role.
 */
export type Access = 'public' | 'signed-in' | Role;

const NOBODY: Caller = {
  principal: { user: 'anonymous', groups: [], grants: [] },
  scope: { all: false, patterns: [] },
};

type Handler<C> = (request: Request, context: C, caller: Caller) => Promise<Response>;
type Wrapped<C> = (request: Request, context: C) => Promise<Response>;

function errorResponse(status: number, body: ApiErrorBody): NextResponse<ApiErrorBody> {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

const elapsed = (since: number) => (performance.now() - since).toFixed(1);

/**
 * Wraps a route handler so every caller is checked and every failure has one JSON contract: no
 * session → 401, a role too weak → 403 (both before any backend is asked); bad input → 4xx naming
 * the parameter; a backend failing a single-source route → 502/504 with its reason; anything else
 * → 500 with a generic message (details go to the server log, never a stack trace to the client).
 * Every answer, failures included, says in `Server-Timing` how long the handler took.
 */
export function route<C>(access: Access, handler: Handler<C>): Wrapped<C> {
  return async (request, context) => {
    const started = performance.now();
    const response = await answer(access, handler, request, context);
    response.headers.append('server-timing', `handler;dur=${elapsed(started)}`);
    return response;
  };
}

async function authorize(access: Access, request: Request): Promise<Caller | Response> {
  const principal = await identify(request.headers);
  if (access === 'public') return principal ? { principal, scope: NOBODY.scope } : NOBODY;
  if (!principal)
    return errorResponse(401, {
      error: { code: 'unauthenticated', message: 'sign in first (/login)' },
    });
  if (access === 'signed-in')
    return { principal, scope: scopeFor(principal, 'viewer') ?? NOBODY.scope };
  const scope = scopeFor(principal, access);
  if (!scope)
    return errorResponse(403, {
      error: { code: 'forbidden', message: `this needs the ${access} role` },
    });
  return { principal, scope };
}

async function answer<C>(
  access: Access,
  handler: Handler<C>,
  request: Request,
  context: C,
): Promise<Response> {
  try {
    const caller = await authorize(access, request);
    if (caller instanceof Response) return caller;
    return await handler(request, context, caller);
  } catch (error) {
    if (error instanceof BadRequestError) {
      return errorResponse(error.status, {
        error: {
          code: 'bad_request',
          message: `${error.param}: ${error.message}`,
          param: error.param,
        },
      });
    }
    if (error instanceof UpstreamError) {
      return errorResponse(error.kind === 'timeout' ? 504 : 502, {
        error: { code: `${error.source}_${error.kind}`, message: error.message },
      });
    }
    console.error('unhandled error in', new URL(request.url).pathname, error);
    return errorResponse(500, {
      error: { code: 'internal', message: 'internal error; see the console server log' },
    });
  }
}

/**
 * `Server-Timing` entries of a correlated answer: how long each backend took, so browser dev tools
 * and the benchmarks see where a slow panel's time went (the route adds `handler`).
 */
function sourceTimings(body: unknown): string | undefined {
  const sources = (body as { sources?: unknown } | null)?.sources;
  if (typeof sources !== 'object' || sources === null) return undefined;
  const entries = Object.entries(sources as Record<string, { tookMs?: unknown }>)
    .filter(([name, s]) => /^[a-z]+$/.test(name) && typeof s?.tookMs === 'number')
    .map(([name, s]) => `${name};dur=${s.tookMs as number}`);
  return entries.length ? entries.join(', ') : undefined;
}

export function json<T>(body: T, init: { status?: number } = {}): NextResponse<T> {
  const timings = sourceTimings(body);
  return NextResponse.json(body, {
    status: init.status ?? 200,
    headers: { 'cache-control': 'no-store', ...(timings ? { 'server-timing': timings } : {}) },
  });
}
