import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../http';

export function registerAggregatesRoutes(_app: FastifyInstance, _deps: ComputeApiDeps): void {}
