// buildApp: the whole HTTP server as a value, so tests drive it in-process
// (app.inject) and `gongzhi serve` listens with the same thing.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps.js';
import { installCallerContext, installErrorHandling, sendRouteNotFound } from './kernel/http.js';
import { resolveApiToken, resolveSession } from './modules/org/auth.js';
import { orgRoutes } from './modules/org/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { systemRoutes } from './modules/system/routes.js';
import { registryRoutes } from './modules/registry/routes.js';
import { catalogueRoutes } from './modules/registry/catalogue/routes.js';
import { profileRoutes } from './modules/exchange/profiles/routes.js';
import { importRoutes } from './modules/exchange/import/routes.js';
import { linkingRoutes } from './modules/exchange/linking/routes.js';
import { sharingRoutes } from './modules/exchange/sharing/routes.js';
import { casesRoutes } from './modules/cases/routes.js';
import { open311Routes } from './modules/open311/routes.js';
import { formRoutes } from './modules/forms/routes.js';
import { metricsRoutes } from './modules/metrics/routes.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: Array<{ method: string; url: string }>;
  }
}

export interface BuildAppOptions extends AppDeps {
  /** false in tests that do not want request logs. */
  logger?: boolean;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { logger = true, ...deps } = options;
  const app = Fastify({
    logger: logger ? { level: deps.config.logLevel } : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 10 * 1024 * 1024,
  });
  // The route table, for tests that must cover every route (see scope-isolation).
  app.decorate('registeredRoutes', [] as Array<{ method: string; url: string }>);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) app.registeredRoutes.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gongzhi 共治 API', version: '1', description: 'Urban grassroots governance platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gz_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installErrorHandling(app);
  const authDeps = { db: deps.db, clock: deps.clock, config: deps.config };
  installCallerContext(app, {
    session: (id) => resolveSession(authDeps, id),
    token: (secret) => resolveApiToken(authDeps, secret),
  });

  await app.register(systemRoutes(deps));
  await app.register(orgRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(registryRoutes(deps));
  await app.register(catalogueRoutes(deps));
  await app.register(profileRoutes(deps));
  await app.register(importRoutes(deps));
  await app.register(linkingRoutes(deps));
  await app.register(sharingRoutes(deps));
  await app.register(casesRoutes(deps));
  await app.register(open311Routes(deps));
  await app.register(formRoutes(deps));
  await app.register(metricsRoutes(deps));

  const webBuilt = existsSync(WEB_DIST);
  // Files are looked up per request, so a rebuilt UI is served without a restart.
  if (webBuilt) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // Client-side routes (no file extension, outside the API) get the app shell.
    const clientRoute = request.method === 'GET' && !/^\/(api|open311)\//.test(path) && !/\.\w+$/.test(path);
    return webBuilt && clientRoute ? reply.sendFile('index.html') : sendRouteNotFound(request, reply);
  });
  return app;
}
