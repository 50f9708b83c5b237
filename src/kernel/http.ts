// The HTTP edge shared by every module: who is calling (session cookie or API
// token → RequestContext), CSRF on cookie-authenticated writes, and the one
// error shape `{ error: { code, message, details } }`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';
import { PURPOSES, type Purpose } from './access/roles.js';
import type { Actor, RequestContext } from './access/access.js';

export const SESSION_COOKIE = 'gz_session';

export interface CallerResolvers {
  session(sessionId: string): Promise<{ actor: Actor; csrfToken: string } | null>;
  token(secret: string): Promise<Actor | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** Set when the caller came with a session cookie (not a token). */
    sessionId: string | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installCallerContext(app: FastifyInstance, resolvers: CallerResolvers): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    const purposeHeader = request.headers['x-purpose'];
    const purpose = typeof purposeHeader === 'string' && (PURPOSES as readonly string[]).includes(purposeHeader) ? (purposeHeader as Purpose) : null;
    request.ctx = { actor: null, purpose, ip: request.ip ?? null, requestId: String(request.id) };
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/open311/')) return;

    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const actor = await resolvers.token(bearer);
      if (!actor) throw new AppError('auth.invalid_token', 'The API token is unknown, revoked or expired', 401);
      request.ctx.actor = actor;
      return;
    }
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (!sessionId) return;
    const session = await resolvers.session(sessionId);
    if (!session) return;
    request.ctx.actor = session.actor;
    request.sessionId = sessionId;
    request.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || given !== session.csrfToken) {
        throw new AppError('auth.csrf', 'Missing or wrong x-csrf-token header for a cookie-authenticated write', 403);
      }
    }
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send({
        error: { code: 'request.invalid', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), details: { issues } },
      });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: `request.${error.code ?? 'invalid'}`.toLowerCase(), message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: `Internal error (request ${request.id})` } });
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'route.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
}
