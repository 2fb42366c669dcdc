/**
 * Named errors for the LMS's JSON API, mapped to HTTP in one place (error-handler.ts).
 * Services throw these; routes never build error responses by hand.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends HttpError {
  constructor(message: string, field?: string, details?: unknown) {
    super(400, 'validation', message, field, details);
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(message = 'Log in to continue') {
    super(401, 'unauthenticated', message);
  }
}

export class InvalidCredentialsError extends HttpError {
  constructor() {
    super(401, 'invalid_credentials', 'Email or password is incorrect');
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have permission to do this') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, field?: string) {
    super(409, 'conflict', message, field);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(expected: string) {
    super(415, 'unsupported_media_type', `Content-Type must be ${expected}`, 'Content-Type');
  }
}

/** Slowed down: the client may try again after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyAttemptsError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    field?: string,
  ) {
    super(429, 'too_many_attempts', message, field);
  }
}
