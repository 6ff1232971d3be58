import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { BadRequest, Conflict, PayloadTooLarge, ServiceError } from '../errors';
import type { AuthContext, TokenValidator } from './auth';
import { bearerToken } from './auth';

/** How one service renders a domain error in its own fault format. */
export interface FaultRenderer {
  (err: ServiceError): { status: number; body: unknown; headers?: Record<string, string> };
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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, strict: false } },
  });

  app.decorateRequest('ctx', undefined as unknown as AuthContext);

  // JSON parser that accepts an empty body (clients send none on PUT/DELETE grants) and
  // maps malformed JSON to the service's own 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]*\+)?json/, { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadRequest(opts.invalidJsonMessage), undefined);
    }
  });
  // Any other content type: keep the raw text; handlers that need JSON reject it.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public) return;
    // unknown routes fall through to the 404 handler without auth, like Keystone's router
    if (!req.routeOptions.url) return;
    req.ctx = opts.tokens.validateToken(bearerToken(req.headers));
  });

  app.setErrorHandler((error: FastifyError | ServiceError, _req: FastifyRequest, reply: FastifyReply) => {
    sendFault(reply, toServiceError(error, opts), opts.renderFault);
  });
  app.setNotFoundHandler((req, reply) => {
    sendFault(reply, new ServiceError('NotFound', `The resource could not be found.`), opts.renderFault);
    void req;
  });
  return app;
}

function sendFault(reply: FastifyReply, err: ServiceError, render: FaultRenderer): void {
  const f = render(err);
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
}

/** Words a JSON-schema failure the way OpenStack's jsonschema-based validators do. */
export function describeValidation(v: AjvIssue): string {
  const field = v.instancePath.split('/').filter(Boolean).pop();
  switch (v.keyword) {
    case 'required':
      return `'${String(v.params.missingProperty)}' is a required property`;
    case 'additionalProperties':
      return `Additional properties are not allowed ('${String(v.params.additionalProperty)}' was unexpected)`;
    case 'type':
      return `Invalid input for field '${field ?? 'body'}': expected type ${String(v.params.type)}.`;
    case 'minLength':
      return `Invalid input for field '${field}': value is too short.`;
    case 'maxLength':
      return `Invalid input for field '${field}': value is too long.`;
    case 'enum':
      return `Invalid input for field '${field}': must be one of ${JSON.stringify(v.params.allowedValues)}.`;
    default:
      return `Invalid input for field '${field ?? 'body'}': ${v.message ?? 'invalid value'}.`;
  }
}
