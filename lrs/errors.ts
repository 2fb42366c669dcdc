/**
 * One named error per xAPI failure, mapped to HTTP in one place (http/error-handler.ts).
 * Messages name the failing property so a client can fix its request.
 */
export class LrsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The property, parameter or header at fault, e.g. `statement.actor.mbox`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request or statement breaks a rule of the specification. */
export class BadRequestError extends LrsError {
  constructor(message: string, field?: string) {
    super(400, field && !message.startsWith(field) ? `${field}: ${message}` : message, field);
  }
}

export class UnauthorizedError extends LrsError {
  constructor(message = 'Valid credentials are required') {
    super(401, message);
  }
}

export class ForbiddenError extends LrsError {
  constructor(message: string) {
    super(403, message);
  }
}

export class NotFoundError extends LrsError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ConflictError extends LrsError {
  constructor(message: string, field?: string) {
    super(409, message, field);
  }
}

export class PayloadTooLargeError extends LrsError {
  constructor(message: string) {
    super(413, message);
  }
}

export class PreconditionFailedError extends LrsError {
  constructor(message: string) {
    super(412, message);
  }
}

export class UnsupportedMediaTypeError extends LrsError {
  constructor(message: string) {
    super(415, message, 'Content-Type');
  }
}
