import type { z } from 'zod';
import { UpstreamError, excerpt, redactUrl } from './errors';

/**
 * Validates a backend's answer against its wire schema. A mismatch is a bad_response naming the
 * first offending path, so "the backend returned garbage" is explicit rather than a crash later.
 */
export function parseWire<S extends z.ZodType>(
  schema: S,
  value: unknown,
  req: { source: string; url: string; text?: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  return failWire(req, `${where}: ${issue?.message ?? 'invalid'}`, result.error);
}

function failWire(
  req: { source: string; url: string; text?: string },
  detail: string,
  cause: unknown,
): never {
  throw new UpstreamError(`${req.source} answered an unexpected shape (${detail})`, {
    source: req.source,
    kind: 'bad_response',
    url: redactUrl(req.url),
    ...(req.text === undefined ? {} : { bodyExcerpt: excerpt(req.text) }),
    cause,
  });
}
