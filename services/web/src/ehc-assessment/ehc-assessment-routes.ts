import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../web-context';

export function registerEhcAssessmentRoutes(_app: FastifyInstance, _web: WebContext) {}
