/**
 * Placement's errors on the wire (API-WG errors guideline, as placement/util.py json_error_formatter
 * renders webob's exceptions):
 *
 *   {"errors": [{"status": 404, "title": "Not Found",
 *                "detail": "The resource could not be found.\n\n No resource provider with uuid x found  ",
 *                "code": "placement.undefined_code", "request_id": "req-…"}]}
 *
 * `detail` is webob's explanation for the status, a blank line, then Placement's own message
 * (the CLI prints the last line of it). `code` appears from microversion 1.23. A 406 raised while
 * parsing the microversion header also carries max_version and min_version.
 * The 401 comes from keystonemiddleware, in front of Placement, so it keeps Keystone's shape.
 */
import { type ErrorKind, PolicyNotAuthorized, ServiceError } from '../core/errors';

/** Placement's error codes (placement/errors.py). */
export const ErrorCode = {
  DEFAULT: 'placement.undefined_code',
  INVENTORY_INUSE: 'placement.inventory.inuse',
  CONCURRENT_UPDATE: 'placement.concurrent_update',
  DUPLICATE_NAME: 'placement.duplicate_name',
  PROVIDER_IN_USE: 'placement.resource_provider.inuse',
  PROVIDER_CANNOT_DELETE_PARENT: 'placement.resource_provider.cannot_delete_parent',
  RESOURCE_PROVIDER_NOT_FOUND: 'placement.resource_provider.not_found',
  ILLEGAL_DUPLICATE_QUERYPARAM: 'placement.query.duplicate_key',
  QUERYPARAM_BAD_VALUE: 'placement.query.bad_value',
  QUERYPARAM_MISSING_VALUE: 'placement.query.missing_value',
} as const;

export class PlacementFault extends ServiceError {
  constructor(
    kind: ErrorKind,
    message: string,
    readonly code: string = ErrorCode.DEFAULT,
    readonly headers: Record<string, string> = {},
  ) {
    super(kind, message);
  }
}

export const badRequest = (message: string, code?: string) => new PlacementFault('BadRequest', message, code);
export const notFound = (message: string, code?: string) => new PlacementFault('NotFound', message, code);
export const conflict = (message: string, code?: string) => new PlacementFault('Conflict', message, code);

/** 406 and 415 are not among the shared error kinds: a fault with its own status. */
export class PlacementStatusFault extends PlacementFault {
  override readonly status: number;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super('BadRequest', message, ErrorCode.DEFAULT, headers);
    this.status = status;
  }
}

/** webob's title and explanation per status, and whether its template ends the detail with two spaces. */
const WEBOB: Record<number, { title: string; explanation: string; tail: string; sep: string }> = {
  400: { title: 'Bad Request', explanation: 'The server could not comply with the request since it is either malformed or otherwise incorrect.', sep: '\n\n ', tail: '  ' },
  401: { title: 'Unauthorized', explanation: 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.', sep: '\n\n ', tail: '  ' },
  403: { title: 'Forbidden', explanation: 'Access was denied to this resource.', sep: '\n\n ', tail: '  ' },
  404: { title: 'Not Found', explanation: 'The resource could not be found.', sep: '\n\n ', tail: '  ' },
  405: { title: 'Method Not Allowed', explanation: 'The method %METHOD% is not allowed for this resource. ', sep: '\n\n ', tail: '' },
  406: { title: 'Not Acceptable', explanation: 'The resource could not be generated that was acceptable to your browser (content of type application/json. ', sep: '\n\n ', tail: '' },
  409: { title: 'Conflict', explanation: 'There was a conflict when trying to complete your request.', sep: '\n\n ', tail: '  ' },
  413: { title: 'Request Entity Too Large', explanation: 'The body of your request was too large for this server.', sep: '\n\n ', tail: '  ' },
  415: { title: 'Unsupported Media Type', explanation: 'The request media type %CONTENT_TYPE% is not supported by this server. ', sep: '\n\n ', tail: '' },
  500: { title: 'Internal Server Error', explanation: 'The server has either erred or is incapable of performing the requested operation.', sep: '\n\n ', tail: '  ' },
  501: { title: 'Not Implemented', explanation: 'The request method %METHOD% is not implemented for this server.', sep: '\n\n ', tail: '  ' },
  503: { title: 'Service Unavailable', explanation: 'The server is currently unavailable. Please try again at a later time.', sep: '\n\n ', tail: '  ' },
};

/** webob's strip_tags turns every newline of the message into a space. */
const oneLine = (s: string): string => s.replace(/\r/g, '').replace(/\n/g, ' ');

export interface FaultContext {
  method: string;
  contentType: string;
  requestId: string;
  /** The request's microversion, when it was parsed; undefined when parsing failed. */
  version?: { major: number; minor: number };
  minVersion: string;
  maxVersion: string;
}

/** The body of a Placement error for `err`. */
export function placementErrorBody(err: ServiceError, ctx: FaultContext): { status: number; body: unknown; headers: Record<string, string> } {
  const status = err.status;
  if (status === 401) {
    // keystonemiddleware answers before Placement sees the request
    return {
      status,
      body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
      headers: { 'www-authenticate': 'Keystone uri="unknown"' },
    };
  }
  const w = WEBOB[status] ?? WEBOB[500];
  const explanation = w.explanation.replace('%METHOD%', ctx.method).replace('%CONTENT_TYPE%', ctx.contentType || 'None');
  const message = err instanceof PolicyNotAuthorized ? `Policy does not allow ${err.rule} to be performed.` : err.message;
  const item: Record<string, unknown> = { status, title: w.title, detail: `${explanation}${w.sep}${oneLine(message)}${w.tail}` };
  const v = ctx.version;
  if (v && (v.major > 1 || v.minor >= 23)) item.code = err instanceof PlacementFault ? err.code : ErrorCode.DEFAULT;
  item.request_id = ctx.requestId;
  if (status === 406 && !v) {
    item.max_version = ctx.maxVersion;
    item.min_version = ctx.minVersion;
  }
  return { status, body: { errors: [item] }, headers: err instanceof PlacementFault ? err.headers : {} };
}
