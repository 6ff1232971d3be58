import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../http';

export function registerAvailabilityZonesRoutes(_app: FastifyInstance, _deps: ComputeApiDeps): void {}
