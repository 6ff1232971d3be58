/**
 * Glance's errors on the wire. Glance raises webob HTTP exceptions, and webob renders them by the
 * client's Accept header: text/html (what a plain any-type (star/star) client such as python-requests gets), JSON
 * `{"message", "code", "title"}` for `Accept: application/json`, text/plain when neither fits. The
 * body is webob's template: the explanation, `<br /><br />`, then the detail. Glance passes its
 * message as the explanation (`HTTPNotFound(explanation=msg)`) except in a few places that pass it
 * positionally, where it becomes the detail under the class's own explanation.
 * Token failures come from keystonemiddleware, in Keystone's `{"error": {...}}` format.
 *
 * Messages are Glance 25.1's (glance/api/v2/*.py, glance/common/exception.py, glance/domain).
 */
import type { FastifyRequest } from 'fastify';
import { type ErrorKind, PolicyNotAuthorized, ServiceError } from '../core/errors';
import type { FaultRenderer } from '../core/http/server';
import { glancePolicyMessage } from './policies';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** webob's own explanation of each class, shown above a positional detail. */
const DEFAULT_EXPLANATIONS: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  405: 'The method is not allowed for this resource.',
  409: 'There was a conflict when trying to complete your request.',
  410: 'This resource is no longer available.  No forwarding address is given.',
  413: 'The request is larger than the server is willing or able to process.',
  415: 'The request media type is not supported by this server.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
};

/** A Glance webob error: status, explanation and optional detail (webob's two message slots). */
export class GlanceFault extends ServiceError {
  constructor(
    kind: ErrorKind,
    readonly explanation: string,
    readonly detail = '',
    /** For statuses ErrorKind does not name (410 Gone). */
    readonly httpStatus?: number,
    readonly headers?: Record<string, string>,
  ) {
    super(kind, detail || explanation);
  }
}

const f = (kind: ErrorKind, explanation: string): GlanceFault => new GlanceFault(kind, explanation);
/** `HTTPForbidden(msg)`: the message is webob's detail, under the class explanation. */
const detailed = (kind: ErrorKind, status: number, detail: string): GlanceFault => new GlanceFault(kind, DEFAULT_EXPLANATIONS[status], detail);

// --- images ----------------------------------------------------------------------------------------
export const imageNotFound = (id: string) => f('NotFound', `No image found with ID ${id}`);
export const imageNotFoundToDelete = (id: string) => f('NotFound', `Failed to find image ${id} to delete`);
export const imageNotFoundShort = (id: string) => f('NotFound', `Image ${id} not found.`);
export const imageIdExists = (id: string) => f('Conflict', `Image ID ${id} already exists!`);
export const readOnlyAttribute = (key: string) => f('Forbidden', `Attribute '${key}' is read-only.`);
export const reservedAttribute = (key: string) => f('Forbidden', `Attribute '${key}' is reserved.`);
/** On create Glance raises it positionally: the message is the detail. */
export const reservedAttributeDetail = (key: string) => detailed('Forbidden', 403, `Attribute '${key}' is reserved.`);
export const locationsInvisible = (verb: 'update' | 'add' | 'remove') => f('Forbidden', `It's not allowed to ${verb} locations if locations are invisible.`);
export const badTimeFilter = (k: string) => f('BadRequest', `Bad "${k}" query filter format. Use ISO 8601 DateTime notation.`);
export const notMatchingSchema = (schema: string, reason: string) => f('BadRequest', `Provided object does not match schema '${schema}': ${reason}`);
export const customPropertyTooLong = () => f('BadRequest', 'Custom property should not be greater than 255 characters.');
export const bodyExpected = () => f('BadRequest', 'Body expected in request.');
export const malformedJson = () => f('BadRequest', 'Malformed JSON in request body.');
export const notOwner = () => f('Forbidden', 'You do not own this image');
export const notPermittedOwner = (owner: string) => f('Forbidden', `You are not permitted to create images owned by '${owner}'.`);
export const ownerByNonAdmin = () => detailed('Forbidden', 403, "Owner can't be updated by non admin.");
export const protectedImageDelete = (id: string) => f('Forbidden', `Image ${id} is protected and cannot be deleted.`);
export const negativeValue = (param: string, value: number) => f('BadRequest', `Invalid value '${value}' for parameter '${param}': Cannot be a negative value`);
export const formatOnlyForQueued = (attr: 'container_format' | 'disk_format') => f('Forbidden', `Attribute ${attr} can be only replaced for a queued image.`);
export const statusTransition = (from: string, to: string) => f('Conflict', `Image status transition from ${from} to ${to} is not allowed`);
export const statusTransitionBadRequest = (from: string, to: string) => f('BadRequest', `Image status transition from ${from} to ${to} is not allowed`);
export const formatsNeeded = (missing: string[]) =>
  f('BadRequest', missing.length === 1 ? `Property ${missing[0]} must be set prior to saving data.` : `Properties ${missing.join(', ')} must be set prior to saving data.`);
export const notAllowedToDeactivate = (status: string) => f('Forbidden', `Not allowed to deactivate image in status '${status}'`);
export const notAllowedToReactivate = (status: string) => f('Forbidden', `Not allowed to reactivate image in status '${status}'`);
export const deactivatedDownload = () => f('Forbidden', 'The requested image has been deactivated. Image data download is forbidden.');
export const goneDuringUpload = (id: string) =>
  new GlanceFault('NotFound', `Image ${id} could not be found after upload. The image may have been deleted during the upload.`, '', 410);
export const invalidContentType = (type: string) => f('UnsupportedMediaType', `Invalid content type ${type}`);
export const uploadTooLarge = (cap: number) => f('PayloadTooLarge', `Image exceeds the storage quota: The size of the data ${cap} will exceed the limit. ${cap} bytes remaining.`);

// --- PATCH -----------------------------------------------------------------------------------------
export const unsupportedPatchType = () =>
  new GlanceFault('UnsupportedMediaType', DEFAULT_EXPLANATIONS[415], '', undefined, {
    'Accept-Patch': 'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
  });
export const patchNotArray = () => f('BadRequest', 'Request body must be a JSON array of operation objects.');
export const patchOpNotObject = () => f('BadRequest', 'Operations must be JSON objects.');
export const patchOpMissing = () => f('BadRequest', 'Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.');
export const patchOpInvalid = (op: string) => f('BadRequest', `Invalid operation: \`${op}\`. It must be one of the following: add, remove, replace.`);
export const patchOpD4Exactly = () => f('BadRequest', 'Operation objects must contain exactly one member named "add", "remove", or "replace".');
export const patchOpD4Only = () => f('BadRequest', 'Operation objects must contain only one member named "add", "remove", or "replace".');
export const patchPathMissing = () => f('BadRequest', "Unable to find 'path' in JSON Schema change");
export const patchValueMissing = (op: string) => f('BadRequest', `Operation "${op}" requires a member named "value".`);
export const pointerNoSlash = (p: string) => f('BadRequest', `Pointer \`${p}\` does not start with "/".`);
export const pointerAdjacent = (p: string) => f('BadRequest', `Pointer \`${p}\` contains adjacent "/".`);
export const pointerEndsSlash = (p: string) => f('BadRequest', `Pointer \`${p}\` end with "/".`);
export const pointerBadEscape = (p: string) => f('BadRequest', `Pointer \`${p}\` contains "~" not part of a recognized escape sequence.`);
export const pointerDepth = (p: string) => f('BadRequest', `Invalid JSON pointer for this resource: '/${p}'`);
export const propertyMissing = (k: string) => detailed('Conflict', 409, `Property ${k} does not exist.`);
export const propertyPresent = (k: string) => detailed('Conflict', 409, `Property ${k} already present.`);
export const propertyNotRemovable = (k: string) => detailed('Forbidden', 403, `Property ${k} may not be removed.`);

// --- list ------------------------------------------------------------------------------------------
export const badLimit = () => f('BadRequest', 'limit param must be an integer');
export const negativeLimit = () => f('BadRequest', 'limit param must be positive');
export const badSortKey = (k: string) =>
  f('BadRequest', `Invalid sort key: ${k}. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.`);
export const badSortDir = (d: string) => f('BadRequest', `Invalid sort direction: ${d}`);
export const mixedSortSyntax = () => f('BadRequest', 'Old and new sorting syntax cannot be combined');
export const sortCountMismatch = () => f('BadRequest', 'Number of sort dirs does not match the number of sort keys');
export const badMemberStatusFilter = (s: string) => f('BadRequest', `Invalid status: ${s}`);
export const badVisibilityFilter = (v: string) => f('BadRequest', `Invalid visibility value: ${v}`);
export const badBoolFilter = (name: 'os_hidden' | 'protected', v: string) => f('BadRequest', `Invalid value '${v}' for '${name}' filter. Valid values are 'true' or 'false'.`);
export const badRangeFilter = () => f('BadRequest', 'Unable to filter on a range with a non-numeric value.');
export const badFilterOperator = (op: string) => f('BadRequest', `Unable to filter by unknown operator '${op}'.`);
export const changesSince = () => f('BadRequest', 'The "changes-since" filter is no longer available on v2.');
export const markerNotFound = (id: string) => f('BadRequest', `No image found with ID ${id}`);

// --- members ---------------------------------------------------------------------------------------
export const memberNotSpecified = () => f('BadRequest', 'Member to be added not specified');
export const memberEmpty = () => f('BadRequest', "Member can't be empty");
export const memberFormat = () => f('BadRequest', 'Expected a member in the form: {"member": "image_id"}');
export const statusNotSpecified = () => f('BadRequest', 'Status not specified');
export const statusFormat = () => f('BadRequest', 'Expected a status in the form: {"status": "status"}');
export const badMemberStatus = () => f('BadRequest', 'Incorrect request: Status must be "pending", "accepted" or "rejected".');
export const memberDuplicated = (member: string, image: string) => f('Conflict', `Member ${member} is duplicated for image ${image}`);
export const memberNotFound = (member: string, image: string) => f('NotFound', `${member} not found in the member list of the image ${image}.`);
export const notAllowedCreateMembers = (image: string) => f('Forbidden', `Not allowed to create members for image ${image}.`);
export const notAllowedUpdateMembers = (image: string) => f('Forbidden', `Not allowed to update members for image ${image}.`);
export const notAllowedDeleteMembers = (image: string) => f('Forbidden', `Not allowed to delete members for image ${image}.`);
export const notAllowedListMembers = (image: string, inner: string) => f('Forbidden', `Not allowed to list members for image ${image}: ${inner}`);
export const onlySharedHaveMembers = 'Only shared images have members.';

// --- tags ------------------------------------------------------------------------------------------
export const tagNotFound = () => f('NotFound', DEFAULT_EXPLANATIONS[404]);
export const notAllowedTags = (image: string) => f('Forbidden', `Not allowed to update tags for image ${image}.`);
export const notAllowedDeleteTags = (image: string) => f('Forbidden', `Not allowed to delete tags for image ${image}.`);
export const tagTooLong = (tag: string) => f('BadRequest', `Could not update image: Provided object does not match schema 'image': '${tag}' is too long`);

/** The status and explanation of any domain error as Glance would answer it. */
function normalize(err: ServiceError): { status: number; explanation: string; detail: string; headers?: Record<string, string> } {
  if (err instanceof GlanceFault) return { status: err.httpStatus ?? err.status, explanation: err.explanation, detail: err.detail, headers: err.headers };
  if (err instanceof PolicyNotAuthorized) return { status: 403, explanation: glancePolicyMessage(err.rule), detail: '' };
  if (err.kind === 'PayloadTooLarge') return { status: 413, explanation: 'Request Entity Too Large', detail: '' };
  if (err.kind === 'Internal') return { status: 500, explanation: DEFAULT_EXPLANATIONS[500], detail: '' };
  return { status: err.status, explanation: err.message, detail: '' };
}

type Negotiated = 'text/html' | 'application/json' | 'text/plain';

/** webob's choice among text/html and application/json for an Accept header (first offer wins ties). */
export function negotiate(accept: string | undefined): Negotiated {
  const ranges = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((r) => r.type !== '');
  const quality = (offer: string): number => {
    const [major] = offer.split('/');
    let best: { specificity: number; q: number } | undefined;
    for (const r of ranges) {
      const specificity = r.type === offer ? 3 : r.type === `${major}/*` ? 2 : r.type === '*/*' ? 1 : 0;
      if (specificity > 0 && (!best || specificity > best.specificity)) best = { specificity, q: r.q };
    }
    return best && Number.isFinite(best.q) ? best.q : 0;
  };
  const html = quality('text/html');
  const json = quality('application/json');
  if (html <= 0 && json <= 0) return 'text/plain';
  return json > html ? 'application/json' : 'text/html';
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/** Renders one webob error body in the negotiated type. */
export function webobBody(status: number, explanation: string, detail: string, type: Negotiated): string {
  const statusLine = `${status} ${TITLES[status] ?? 'Error'}`;
  const body = (esc: (s: string) => string) => `${esc(explanation)}<br /><br />\n${esc(detail)}\n\n`;
  if (type === 'application/json') return JSON.stringify({ message: body((s) => s), code: statusLine, title: TITLES[status] ?? 'Error' });
  if (type === 'text/html') return `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${body(escapeHtml)}\n </body>\n</html>`;
  const plain = body((s) => s)
    .replace(/<br.*?>/gi, '\n')
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]*>/g, '');
  return `${statusLine}\n\n${plain}`;
}

/** Carries the negotiated content type of a fault body from the renderer to the reply (then removed). */
export const FAULT_TYPE_HEADER = 'x-stacklab-fault-content-type';

/** Glance's fault renderer: keystonemiddleware's JSON for 401, webob's negotiated body for the rest. */
export const renderGlanceFault: FaultRenderer = (err: ServiceError, req: FastifyRequest): ReturnType<FaultRenderer> => {
  if (err.kind === 'Unauthorized') {
    return {
      status: 401,
      body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
      headers: { 'WWW-Authenticate': `Keystone uri="${keystoneUri(req)}"` },
    };
  }
  const n = normalize(err);
  const type = negotiate(req.headers.accept);
  // the core server labels every fault JSON; the image API's onSend hook puts this type back
  return { status: n.status, body: webobBody(n.status, n.explanation, n.detail, type), headers: { ...n.headers, [FAULT_TYPE_HEADER]: `${type}; charset=UTF-8` } };
};

function keystoneUri(req: FastifyRequest): string {
  const host = (req.headers.host ?? '127.0.0.1:9292').replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) - 9292 + 5000}`);
  return `http://${host}`;
}
