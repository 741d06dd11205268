/**
 * The collector's error hierarchy: each error carries the HTTP status it maps to and a message that names what is
 * wrong. The HTTP layers map them once, in their error middleware.
 */

/** Base class: an error with an HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Seconds a client should wait before retrying (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed; the message names the parameter or field. */
export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}

/** 401: missing or wrong bearer token. */
export class UnauthorizedError extends HttpError {
  constructor() {
    super(401, 'missing or invalid bearer token');
  }
}

/** 404: no such resource. */
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
  }
}

/** 413: the (decompressed) body exceeds the limit. */
export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, `request body exceeds the limit of ${limitBytes} bytes after decompression`);
  }
}

/**
 * 422: the request is valid, but answering it would load more spans into memory than the server allows
 * (`--max-analysis-spans`); a narrower range is answered.
 */
export class TooManySpansError extends HttpError {
  constructor(readonly limit: number) {
    super(
      422,
      `from/to: this analysis would load more than ${limit.toLocaleString('en')} spans into memory (the limit set by --max-analysis-spans); narrow the range or raise the limit`,
    );
  }
}

/** 415: a content type or encoding the endpoint does not accept. */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(message: string) {
    super(415, message);
  }
}

/** 429: too much work in flight; retry later. */
export class OverloadedError extends HttpError {
  constructor(message: string, retryAfterSeconds = 1) {
    super(429, message, retryAfterSeconds);
  }
}

/** 503: storage failed or is shutting down; nothing of the request was stored; retry later. */
export class UnavailableError extends HttpError {
  constructor(message: string, retryAfterSeconds = 2) {
    super(503, message, retryAfterSeconds);
  }
}

/** 503: the store ran out of memory answering an analysis (ClickHouse's memory limit); a narrower range needs less. */
export class StoreMemoryError extends UnavailableError {
  constructor() {
    super('from/to: the store ran out of memory answering this analysis (its memory limit); narrow the range, or retry when fewer analyses run at once', 10);
  }
}
