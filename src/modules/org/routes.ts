// HTTP routes of the org module: parse, call the service, present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../kernel/errors.js';
import { SESSION_COOKIE } from '../../kernel/http.js';
import type { AppDeps } from '../../app-deps.js';
import * as auth from './auth.js';
import * as service from './service.js';
import * as s from './schemas.js';

type Grants = auth.SessionUser['grants'];
const presentGrants = (grants: Grants) =>
  grants.map((g) => ({
    role: g.role,
    jurisdiction: { code: g.jurisdictionCode, name: g.jurisdictionName, level: g.jurisdictionLevel },
    department: g.departmentId ? { id: g.departmentId, name: g.departmentName ?? '' } : null,
  }));
const presentUser = (user: auth.SessionUser) => ({ id: user.id, username: user.username, displayName: user.displayName, grants: presentGrants(user.grants) });

export function orgRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const authDeps = { db: deps.db, clock: deps.clock, config: deps.config };

    app.post('/api/v1/auth/login', { schema: { tags: ['auth'], body: s.loginBody, response: { 200: s.sessionView } } }, async (request, reply) => {
      const result = await auth.login(authDeps, {
        ...request.body,
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.secureCookies,
        expires: result.expiresAt,
      });
      return { user: presentUser(result.user), csrfToken: result.csrfToken };
    });

    app.get('/api/v1/auth/me', { schema: { tags: ['auth'], response: { 200: s.sessionView } } }, async (request) => {
      if (!request.sessionId) throw errors.unauthenticated();
      const session = await auth.resolveSession(authDeps, request.sessionId);
      if (!session) throw errors.unauthenticated();
      return { user: presentUser(session.user), csrfToken: session.csrfToken };
    });

    app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
      if (request.sessionId && request.ctx.actor) await auth.logout(authDeps, request.sessionId, request.ctx.actor, request.ctx.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    app.get('/api/v1/jurisdictions', { schema: { tags: ['org'], response: { 200: z.object({ items: z.array(s.jurisdictionView) }) } } }, async (request) => {
      const rows = await service.listJurisdictions(deps, request.ctx);
      return { items: rows.map((j) => ({ code: j.code, name: j.name, level: j.level, parentCode: j.parent_code })) };
    });

    app.get(
      '/api/v1/jurisdictions/:code',
      { schema: { tags: ['org'], params: z.object({ code: z.string() }), response: { 200: s.jurisdictionDetailView } } },
      async (request) => {
        const j = await service.getJurisdiction(deps, request.ctx, request.params.code);
        return { code: j.code, name: j.name, level: j.level, parentCode: j.parent_code, boundary: j.boundary, childLevel: j.childLevel };
      },
    );

    const presentArea = (j: { code: string; name: string; level: string; parent_code: string | null; boundary: unknown }) => ({
      code: j.code,
      name: j.name,
      level: j.level as s.JurisdictionLevel,
      parentCode: j.parent_code,
      boundary: j.boundary,
    });

    app.get(
      '/api/v1/jurisdiction-boundaries',
      {
        schema: {
          tags: ['org'],
          description: "Polygons of the caller's jurisdiction (or of root inside it) and of the areas down to levelsBelow levels under it.",
          querystring: s.boundariesQuery,
          response: { 200: z.object({ items: z.array(s.areaView) }) },
        },
      },
      async (request) => ({ items: (await service.boundariesInScope(deps, request.ctx, request.query)).map(presentArea) }),
    );

    app.get(
      '/api/v1/city-boundaries',
      {
        schema: {
          tags: ['org'],
          description: 'Public, no login: the polygons of the city containing `of`, down to levelsBelow levels under the city (no personal data).',
          querystring: s.cityBoundariesQuery,
          response: { 200: z.object({ city: z.object({ code: z.string(), name: z.string() }), items: z.array(s.areaView) }) },
        },
      },
      async (request) => {
        const { city, areas } = await service.cityBoundaries(deps.db, request.query);
        return { city, items: areas.map(presentArea) };
      },
    );

    app.get('/api/v1/departments', { schema: { tags: ['org'], response: { 200: z.object({ items: z.array(s.departmentView) }) } } }, async (request) => {
      const rows = await service.listDepartments(deps, request.ctx);
      return {
        items: rows.map((d) => ({ id: d.id, code: d.code, name: d.name, kind: d.kind, jurisdictionCode: d.jurisdiction_code, isExternal: d.is_external })),
      };
    });

    const presentUserRow = (u: { id: string; username: string; display_name: string; disabled_at: Date | null; created_at: Date }) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      disabled: u.disabled_at !== null,
      createdAt: u.created_at.toISOString(),
    });

    app.get('/api/v1/users', { schema: { tags: ['org'], querystring: s.pageQuery, response: { 200: z.object({ items: z.array(s.userView) }) } } }, async (request) => {
      const rows = await service.listUsers(deps, request.ctx, request.query);
      return { items: rows.map(presentUserRow) };
    });

    app.get(
      '/api/v1/users/:id',
      { schema: { tags: ['org'], params: z.object({ id: z.string() }), response: { 200: s.userDetailView } } },
      async (request) => {
        const user = await service.getUser(deps, request.ctx, request.params.id);
        return { ...presentUserRow(user), grants: presentGrants(user.grants.map((g) => ({ ...g }))) };
      },
    );

    app.post('/api/v1/users', { schema: { tags: ['org'], body: s.createUserBody, response: { 201: z.object({ id: z.string() }) } } }, async (request, reply) => {
      const created = await service.createUser(deps, request.ctx, request.body);
      return reply.status(201).send(created);
    });

    app.post(
      '/api/v1/tokens',
      { schema: { tags: ['org'], body: s.createTokenBody, response: { 201: z.object({ id: z.string(), secret: z.string() }) } } },
      async (request, reply) => {
        const { expiresAt, ...rest } = request.body;
        const created = await service.createApiToken(deps, request.ctx, { ...rest, expiresAt: expiresAt ? new Date(expiresAt) : null });
        return reply.status(201).send(created);
      },
    );
  };
}
