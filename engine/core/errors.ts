/**
 * Domain errors shared by every service. A backend throws one of these; each service's
 * fault mapper (engine/<service>/api/faults.ts) renders it in that service's wire format.
 */
export type ErrorKind =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'NotImplemented'
  | 'ServiceUnavailable'
  | 'Internal';

const STATUS: Record<ErrorKind, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  NotImplemented: 501,
  ServiceUnavailable: 503,
  Internal: 500,
};

export class ServiceError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = kind;
    this.kind = kind;
    this.status = STATUS[kind];
  }
}

export class BadRequest extends ServiceError {
  constructor(message: string) {
    super('BadRequest', message);
  }
}
export class Unauthorized extends ServiceError {
  constructor(message = 'The request you have made requires authentication.') {
    super('Unauthorized', message);
  }
}
export class Forbidden extends ServiceError {
  constructor(message = 'You are not authorized to perform the requested action.') {
    super('Forbidden', message);
  }
}
/** Raised by the policy engine: the message names the rule, as oslo.policy's does. */
export class PolicyNotAuthorized extends Forbidden {
  readonly rule: string;
  constructor(rule: string, message?: string) {
    super(message ?? `You are not authorized to perform the requested action: ${rule}.`);
    this.rule = rule;
  }
}
export class NotFound extends ServiceError {
  constructor(message: string) {
    super('NotFound', message);
  }
}
export class Conflict extends ServiceError {
  constructor(message: string) {
    super('Conflict', message);
  }
}
export class PayloadTooLarge extends ServiceError {
  constructor(message = 'Request is too large.') {
    super('PayloadTooLarge', message);
  }
}
export class NotImplemented extends ServiceError {
  constructor(message = 'The action you have requested has not been implemented.') {
    super('NotImplemented', message);
  }
}
