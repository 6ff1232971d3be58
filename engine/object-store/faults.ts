/**
 * Swift's errors on the wire. Swift's swob renders an error without a body of its own as
 * `<html><h1>{title}</h1><p>{explanation}</p></html>` (text/html; charset=UTF-8); errors raised
 * with a message (constraint checks) carry it as a text/plain body. HEAD answers never have a body.
 * keystonemiddleware adds `WWW-Authenticate: Keystone uri=…` to every 401.
 */
import type { FastifyRequest } from 'fastify';
import { PolicyNotAuthorized, ServiceError } from '../core/errors';
import type { FaultRenderer } from '../core/http/server';

/** swob's RESPONSE_REASONS: title and explanation per status. */
export const RESPONSE_REASONS: Record<number, [string, string]> = {
  202: ['Accepted', 'The request is accepted for processing.'],
  400: ['Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.'],
  401: ['Unauthorized', 'This server could not verify that you are authorized to access the document you requested.'],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'The method is not allowed for this resource.'],
  408: ['Request Timeout', 'The server has waited too long for the request to be sent by the client.'],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
  411: ['Length Required', 'Length required.'],
  412: ['Precondition Failed', 'A precondition for this request was not met.'],
  413: ['Request Entity Too Large', 'The body of your request was too large for this server.'],
  415: ['Unsupported Media Type', 'The request media type is not supported by this server.'],
  416: ['Requested Range Not Satisfiable', 'The Range requested is not available.'],
  422: ['Unprocessable Entity', 'Unable to process the contained instructions'],
  499: ['Client Disconnect', 'The client was disconnected during request.'],
  500: ['Internal Error', 'The server has either erred or is incapable of performing the requested operation.'],
  501: ['Not Implemented', 'The server is either unable or unwilling to fulfill the request.'],
  503: ['Service Unavailable', 'The server is currently unavailable. Please try again at a later time.'],
};

/** The swob page of a status: `<html><h1>Not Found</h1><p>The resource could not be found.</p></html>`. */
export function swobPage(status: number): string {
  const [title, explanation] = RESPONSE_REASONS[status] ?? ['Error', ''];
  return `<html><h1>${title}</h1><p>${explanation}</p></html>`;
}

const KIND: Record<number, ServiceError['kind']> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

/** A Swift error: its status, and a plain-text body when Swift words one (else swob's page). */
export class SwiftFault extends ServiceError {
  constructor(
    readonly httpStatus: number,
    readonly text?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(KIND[httpStatus] ?? (httpStatus >= 500 ? 'Internal' : 'BadRequest'), text ?? RESPONSE_REASONS[httpStatus]?.[1] ?? 'Error');
  }
}

export const notFound = () => new SwiftFault(404);
export const unauthorized = () => new SwiftFault(401);
export const forbidden = () => new SwiftFault(403);
export const conflict = () => new SwiftFault(409);
export const methodNotAllowed = () => new SwiftFault(405);
export const lengthRequired = () => new SwiftFault(411);
export const preconditionFailed = (text?: string) => new SwiftFault(412, text);
export const unprocessable = () => new SwiftFault(422);
export const clientDisconnect = () => new SwiftFault(499);
export const rangeNotSatisfiable = (size: number) => new SwiftFault(416, undefined, { 'Content-Range': `bytes */${size}` });
export const badRequest = (text: string) => new SwiftFault(400, text);
export const tooLarge = () => new SwiftFault(413, 'Your request is too large.');

/** Carries a fault's content type from the renderer to the reply (the core labels every fault JSON). */
export const FAULT_TYPE_HEADER = 'x-stacklab-fault-content-type';

export function keystoneUri(req: FastifyRequest, keystonePort: number): string {
  const host = (req.headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
  return `http://${host}:${keystonePort}`;
}

/** Swift's fault renderer (the identity port is handed in for WWW-Authenticate). */
export function swiftFaultRenderer(keystonePort: number): FaultRenderer {
  return (err: ServiceError, req: FastifyRequest) => {
    let status: number;
    let text: string | undefined;
    let headers: Record<string, string> = {};
    if (err instanceof SwiftFault) {
      status = err.httpStatus;
      text = err.text;
      headers = { ...err.headers };
    } else if (err instanceof PolicyNotAuthorized) status = 403;
    else if (err.kind === 'BadRequest') {
      status = 400;
      text = err.message;
    } else status = err.status;
    if (status === 401) headers['WWW-Authenticate'] = `Keystone uri="${keystoneUri(req, keystonePort)}"`;
    const type = text === undefined ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8';
    const body = req.method === 'HEAD' ? '' : (text ?? swobPage(status));
    return { status, body, headers: { ...headers, [FAULT_TYPE_HEADER]: type } };
  };
}
