import { BadRequest, Conflict, NotFound } from '../core/errors';

/** Keystone's wording for its most common domain errors. */
export const notFound = (kind: string, id: string): NotFound => new NotFound(`Could not find ${kind}: ${id}.`);

export const duplicate = (type: string, field: 'name' | 'ID', name: string, domainId?: string | null): Conflict =>
  new Conflict(
    `Conflict occurred attempting to store ${type} - Duplicate entry found with ${field} ${name}` + (domainId ? ` at domain ID ${domainId}` : '') + '.',
  );

export const conflict = (type: string, details: string): Conflict => new Conflict(`Conflict occurred attempting to store ${type} - ${details}.`);

/** Keystone's ValidationError: "Expecting to find X in Y. …". */
export const expecting = (attribute: string, target: string): BadRequest =>
  new BadRequest(
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
  );

export const INVALID_JSON_MESSAGE =
  'Expecting to find valid JSON in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';
export const NOT_JSON_MESSAGE =
  'Expecting to find application/json in Content-Type header. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';
