/** A request the console refuses, naming the parameter and why (always a 4xx, never a 500). */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  readonly param: string;
  readonly status: 400 | 404 | 409 | 413 | 415 | 422;

  constructor(param: string, reason: string, status: 400 | 404 | 409 | 413 | 415 | 422 = 400) {
    super(reason);
    this.param = param;
    this.status = status;
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string; param?: string };
}
