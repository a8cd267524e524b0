import 'server-only';
import { Buffer } from 'node:buffer';
import { NextResponse } from 'next/server';
import { UpstreamError, reportFailure } from '@/lib/http/errors';
import { currentRequestId, newRequestId, withRequestId } from '@/lib/http/request-id';
import { HSTS, viaHttps } from '@/lib/edge/security-headers';
import { type ApiErrorBody, BadRequestError } from '@/lib/domain/errors';
import type { Role } from '@/lib/domain/access';
import { identify } from '@/lib/auth/identify';
import { scopeFor, type Caller } from '@/lib/auth/principal';
import { callerOf } from './caller';
import { type Admission, apiLimiter } from './limits';

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

function errorResponse(
  status: number,
  body: ApiErrorBody,
  headers: Record<string, string> = {},
): NextResponse<ApiErrorBody> {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export interface RouteOptions {
  /**
   * Whether the request takes a slot of the concurrency limits (lib/api/limits.ts); default
   * true. Health probes, the OpenAPI document and the webhook are never refused for load.
   */
  limited?: boolean;
}

function tooMany(refusal: Exclude<Admission, { release: unknown }>): NextResponse<ApiErrorBody> {
  const who = refusal.refused === 'caller' ? 'you have' : 'the console has';
  return errorResponse(
    429,
    {
      error: {
        code: 'too_many_requests',
        message: `${who} too many requests in flight; retry in ${refusal.retryAfterS} s`,
      },
    },
    { 'retry-after': String(refusal.retryAfterS) },
  );
}

const elapsed = (since: number) => (performance.now() - since).toFixed(1);

/**
 * Wraps a route handler so every caller is checked and every failure has one JSON contract: no
 * session → 401, a role too weak → 403 (both before any backend is asked); past the concurrency
 * limits (global, and per signed-in user) → 429 with `Retry-After` before the handler runs; bad
 * input → 4xx naming the parameter; a backend failing a single-source route → 502/504 with the
 * console's words for it; anything else → 500. Failures carry the request id (also in
 * `X-Request-Id`); what a backend said and any stack trace go to the server log under that id,
 * never to the client. Every answer, failures included, says in `Server-Timing` how long the
 * handler took.
 */
export function route<C>(
  access: Access,
  handler: Handler<C>,
  options: RouteOptions = {},
): Wrapped<C> {
  const limited = options.limited ?? true;
  return async (request, context) => {
    const started = performance.now();
    const id = newRequestId();
    const response = await withRequestId(id, () =>
      answer(access, limited, handler, request, context),
    );
    response.headers.append('server-timing', `handler;dur=${elapsed(started)}`);
    response.headers.set('x-request-id', id);
    // Pages get it from proxy.ts, which does not run for the API (see its matcher).
    if (viaHttps(request.url, request.headers))
      response.headers.set('strict-transport-security', HSTS);
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
  limited: boolean,
  handler: Handler<C>,
  request: Request,
  context: C,
): Promise<Response> {
  let release: (() => void) | undefined;
  try {
    const caller = await authorize(access, request);
    if (caller instanceof Response) return caller;
    if (limited) {
      const admission = await apiLimiter().admit(callerOf(request, caller), request.signal);
      if (!('release' in admission)) return tooMany(admission);
      release = admission.release;
    }
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
    // The caller reads the console's own message and the request id; the backend's text (an
    // Elasticsearch root cause, a body excerpt) goes to the server log under that id.
    const message = reportFailure(error, currentRequestId(), new URL(request.url).pathname);
    if (error instanceof UpstreamError) {
      return errorResponse(error.kind === 'timeout' ? 504 : 502, {
        error: { code: `${error.source}_${error.kind}`, message },
      });
    }
    return errorResponse(500, { error: { code: 'internal', message } });
  } finally {
    release?.();
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

const answerHeaders = (body: unknown) => {
  const timings = sourceTimings(body);
  return { 'cache-control': 'no-store', ...(timings ? { 'server-timing': timings } : {}) };
};

export function json<T>(body: T, init: { status?: number } = {}): NextResponse<T> {
  return NextResponse.json(body, { status: init.status ?? 200, headers: answerHeaders(body) });
}

/**
 * `json()` for an answer `{ data: { ...raw, ...rest }, sources }` whose `raw` members are JSON
 * already (text a source or correlation wrote, e.g. a large trace's outline, a stage list's rows):
 * they are put in place instead of parsed and printed again. Built member by member, so no text of
 * the answer can move them. The pieces are sent as they are, one after the other: given as one
 * buffer, an answer of a megabyte is copied on its way out (the web Response takes a copy of a
 * buffer body), and those copies drove V8 to full collections of the server's heap ("external
 * memory pressure") every few stage answers, measured by `npm run bench:api`.
 */
export function jsonWithRaw(
  raw: Record<string, Uint8Array | string>,
  rest: Record<string, unknown>,
  sources: unknown,
): NextResponse {
  const text = (s: string) => Buffer.from(s, 'utf8');
  const members = Object.entries(raw).flatMap(([key, value], i) => [
    text(`${i ? ',' : ''}${JSON.stringify(key)}:`),
    typeof value === 'string' ? text(value) : value,
  ]);
  const others = JSON.stringify(rest).slice(1, -1);
  const parts = [
    text('{"data":{'),
    ...members,
    text(`${others ? `,${others}` : ''}},"sources":${JSON.stringify(sources)}}`),
  ];
  const length = parts.reduce((sum, p) => sum + p.byteLength, 0);
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[next++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
  return new NextResponse(body, {
    headers: {
      'content-type': 'application/json',
      'content-length': String(length),
      ...answerHeaders({ sources }),
    },
  });
}
