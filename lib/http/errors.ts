/** What went wrong talking to a backend, in terms an operator can act on. */
export type UpstreamErrorKind =
  'timeout' | 'unreachable' | 'http' | 'too_large' | 'bad_response' | 'aborted';

export interface UpstreamErrorDetails {
  source: string;
  kind: UpstreamErrorKind;
  /** The request URL with credentials and secret-looking query values removed. */
  url: string;
  status?: number;
  /** At most 1 KiB of the response body, for the operator and the logs. */
  bodyExcerpt?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly source: string;
  readonly kind: UpstreamErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly bodyExcerpt?: string;

  constructor(message: string, details: UpstreamErrorDetails) {
    super(message, { cause: details.cause });
    this.source = details.source;
    this.kind = details.kind;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    if (details.bodyExcerpt !== undefined) this.bodyExcerpt = details.bodyExcerpt;
  }
}

const EXCERPT_BYTES = 1024;

export function excerpt(body: string): string {
  return body.length > EXCERPT_BYTES ? `${body.slice(0, EXCERPT_BYTES)}…` : body;
}

const SECRET_PARAM = /^(api[-_]?key|token|access[-_]?token|password|secret|auth.*)$/i;

export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) url.searchParams.set(key, 'REDACTED');
    }
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Flattens an unknown failure into a short message, following `cause` chains. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
