import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../http';

export function registerKeypairsRoutes(_app: FastifyInstance, _deps: ComputeApiDeps): void {}
