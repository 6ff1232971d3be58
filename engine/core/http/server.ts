import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { BadRequest, Conflict, PayloadTooLarge, ServiceError } from '../errors';
import type { AuthContext, TokenValidator } from './auth';
import { bearerToken } from './auth';

/** How one service renders a domain error in its own fault format. */
export interface FaultRenderer {
  (err: ServiceError, req: FastifyRequest): { status: number; body: unknown; headers?: Record<string, string> };
}

export interface ApiServerOptions {
  /** Renders domain errors in the service's wire format. */
  renderFault: FaultRenderer;
  /** Validates the X-Auth-Token of every route not marked `config: { public: true }`. */
  tokens: TokenValidator;
  bodyLimit: number;
  /** Message for a body that is not valid JSON (services word it differently). */
  invalidJsonMessage: string;
  /** Message for a body that is not a JSON object where one is required. */
  notJsonContentTypeMessage: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's validated token; set on every non-public route. */
    ctx: AuthContext;
  }
  interface FastifyContextConfig {
    /** No token needed (version discovery, token creation). */
    public?: boolean;
  }
}

/**
 * Builds the HTTP server of one OpenStack service: strict JSON bodies, a size limit,
 * token validation, and every error (ours, schema validation, parser) rendered by the
 * service's own fault renderer. Nothing escapes as a 500 with a stack.
 */
export function createApiServer(opts: ApiServerOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit,
    exposeHeadRoutes: true,
    return503OnClosing: false,
    // ids in paths are short; a long one must still get the service's own 404, not a 414
    routerOptions: { maxParamLength: 8192 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, strict: false, verbose: true } },
    // errors raised by the router itself (bad %-escapes, …) go through the same renderer
    frameworkErrors: (error, req, reply) => {
      const code = (error as FastifyError).code;
      const err = code === 'FST_ERR_MAX_PARAM_LENGTH' ? new ServiceError('NotFound', 'The resource could not be found.') : new BadRequest('Invalid URL in request.');
      sendFault(reply, req, err, opts.renderFault);
    },
  });

  app.decorateRequest('ctx', undefined as unknown as AuthContext);

  // JSON parser that accepts an empty body (clients send none on PUT/DELETE grants) and
  // maps malformed JSON to the service's own 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]*\+)?json/, { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new BadRequest(opts.invalidJsonMessage), undefined);
    }
    // OpenStack APIs take a JSON object; an array or a scalar is as bad as broken JSON
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return done(new BadRequest(opts.invalidJsonMessage), undefined);
    done(null, value);
  });
  // Any other content type: keep the raw text; handlers that need JSON reject it.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', async (req, reply) => {
    // every OpenStack service tags its answers with a request id; clients print it with errors
    void reply.header('x-openstack-request-id', `req-${randomUUID()}`);
    if (req.routeOptions.config?.public) return;
    // unknown routes fall through to the 404 handler without auth, like Keystone's router
    if (!req.routeOptions.url) return;
    req.ctx = opts.tokens.validateToken(bearerToken(req.headers));
  });

  app.setErrorHandler((error: FastifyError | ServiceError, req: FastifyRequest, reply: FastifyReply) => {
    sendFault(reply, req, toServiceError(error, opts), opts.renderFault);
  });
  app.setNotFoundHandler((req, reply) => {
    sendFault(reply, req, new ServiceError('NotFound', `The resource could not be found.`), opts.renderFault);
  });
  return app;
}

function sendFault(reply: FastifyReply, req: FastifyRequest, err: ServiceError, render: FaultRenderer): void {
  const f = render(err, req);
  reply.code(f.status);
  for (const [k, v] of Object.entries(f.headers ?? {})) reply.header(k, v);
  void reply.type('application/json').send(f.body);
}

/** Maps framework errors (schema validation, body limits, parser) onto domain errors. */
export function toServiceError(error: unknown, opts: Pick<ApiServerOptions, 'invalidJsonMessage' | 'notJsonContentTypeMessage'>): ServiceError {
  if (error instanceof ServiceError) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation && e.validation.length > 0) return new BadRequest(describeValidation(e.validation[0]));
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLarge('Request is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BadRequest(opts.notJsonContentTypeMessage);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new BadRequest(opts.invalidJsonMessage);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new BadRequest(e.message);
  // a constraint the backend did not check first still must not become a 500
  const sqlite = String((e as { code?: unknown }).code ?? '');
  if (sqlite.startsWith('SQLITE_CONSTRAINT_UNIQUE') || sqlite.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY')) return new Conflict('Conflict occurred attempting to store the resource - Duplicate entry.');
  if (sqlite.startsWith('SQLITE_CONSTRAINT')) return new BadRequest('The request refers to a resource that does not exist or is still in use.');
  process.stderr.write(`stacklab: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  return new ServiceError('Internal', 'An unexpected error prevented the server from fulfilling your request.');
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  schema?: unknown;
}

/** A value as Python prints it (jsonschema's messages quote values with repr()). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

/**
 * Words a JSON-schema failure the way OpenStack's jsonschema-based validators do:
 * "Invalid input for field 'name': 5 is not of type 'string'". The path is relative to the
 * resource object (the body's wrapper key, e.g. `project`, is dropped), as Keystone
 * validates the inner object.
 */
export function describeValidation(v: AjvIssue): string {
  const segments = v.instancePath.split('/').filter(Boolean).slice(1);
  const d = v.data;
  let msg: string;
  switch (v.keyword) {
    case 'required':
      msg = `${pyRepr(v.params.missingProperty)} is a required property`;
      break;
    case 'additionalProperties':
      msg = `Additional properties are not allowed (${pyRepr(v.params.additionalProperty)} was unexpected)`;
      break;
    case 'type': {
      const t = v.params.type;
      const types = (Array.isArray(t) ? t : String(t).split(',')).map((x) => pyRepr(x));
      msg = `${pyRepr(d)} is not of type ${types.join(', ')}`;
      break;
    }
    case 'minLength':
    case 'minItems':
      msg = `${pyRepr(d)} is too short`;
      break;
    case 'maxLength':
    case 'maxItems':
      msg = `${pyRepr(d)} is too long`;
      break;
    case 'enum':
      msg = `${pyRepr(d)} is not one of ${pyRepr(v.params.allowedValues)}`;
      break;
    case 'pattern':
      msg = `${pyRepr(d)} does not match ${pyRepr(v.params.pattern)}`;
      break;
    case 'minimum':
      msg = `${pyRepr(d)} is less than the minimum of ${String(v.params.limit)}`;
      break;
    case 'maximum':
      msg = `${pyRepr(d)} is greater than the maximum of ${String(v.params.limit)}`;
      break;
    case 'minProperties':
      msg = `${pyRepr(d)} does not have enough properties`;
      break;
    case 'uniqueItems':
      msg = `${pyRepr(d)} has non-unique elements`;
      break;
    case 'anyOf':
    case 'oneOf':
      msg = `${pyRepr(d)} is not valid under any of the given schemas`;
      break;
    default:
      msg = `${pyRepr(d)} is not valid: ${v.message ?? v.keyword}`;
  }
  return segments.length ? `Invalid input for field '${segments.join('/')}': ${msg}` : msg;
}
