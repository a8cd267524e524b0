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
  /**
   * What a caller may read, when the console's own words say more than the generic text of the
   * kind. Never built from a backend's answer: that text stays in `message`, for the server log.
   */
  publicMessage?: string;
}

function genericText(source: string, kind: UpstreamErrorKind, status?: number): string {
  switch (kind) {
    case 'timeout':
      return `${source} did not answer in time`;
    case 'unreachable':
      return `${source} is unreachable`;
    case 'http':
      return `${source} refused the request (HTTP ${status ?? '?'})`;
    case 'too_large':
      return `${source} answered more than the console accepts`;
    case 'bad_response':
      return `${source} answered something the console cannot read`;
    case 'aborted':
      return `the call to ${source} was cancelled`;
  }
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly source: string;
  readonly kind: UpstreamErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly bodyExcerpt?: string;
  /** The text callers see (see UpstreamErrorDetails.publicMessage); `message` is for the log. */
  readonly publicMessage: string;

  constructor(message: string, details: UpstreamErrorDetails) {
    super(message, { cause: details.cause });
    this.source = details.source;
    this.kind = details.kind;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    if (details.bodyExcerpt !== undefined) this.bodyExcerpt = details.bodyExcerpt;
    this.publicMessage =
      details.publicMessage ?? genericText(details.source, details.kind, details.status);
  }
}

/**
 * Writes a failure's details (the backend's own text included) to the server log under the
 * request's id, and answers what its caller may read: the console's message and that id.
 */
export function reportFailure(error: unknown, requestId: string, where?: string): string {
  const upstream = error instanceof UpstreamError ? error : undefined;
  console.error(
    `[request ${requestId}]${where ? ` ${where}` : ''}`,
    upstream
      ? `${upstream.source} ${upstream.kind}: ${describeError(upstream)} (${upstream.url}${
          upstream.status === undefined ? '' : `, HTTP ${upstream.status}`
        })${upstream.bodyExcerpt ? ` body: ${upstream.bodyExcerpt}` : ''}`
      : error,
  );
  const text = upstream ? upstream.publicMessage : 'internal error';
  return `${text} (request id ${requestId}; details in the console server log)`;
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
