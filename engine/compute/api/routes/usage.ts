import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../http';

export function registerUsageRoutes(_app: FastifyInstance, _deps: ComputeApiDeps): void {}
