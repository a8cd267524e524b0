import 'server-only';
import { NextResponse } from 'next/server';
import { UpstreamError } from '@/lib/http/errors';
import { type ApiErrorBody, BadRequestError } from './errors';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

function errorResponse(status: number, body: ApiErrorBody): NextResponse<ApiErrorBody> {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * Wraps a route handler so every failure has one JSON contract: bad input → 4xx naming the
 * parameter; a backend failing a single-source route → 502/504 with its reason; anything else →
 * 500 with a generic message (details go to the server log, never a stack trace to the client).
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
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
  };
}

export function json<T>(body: T, init: { status?: number } = {}): NextResponse<T> {
  return NextResponse.json(body, {
    status: init.status ?? 200,
    headers: { 'cache-control': 'no-store' },
  });
}
