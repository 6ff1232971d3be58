import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../http';

export function registerQuotasRoutes(_app: FastifyInstance, _deps: ComputeApiDeps): void {}
