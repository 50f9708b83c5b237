// Liveness and readiness for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { migrationStatus } from '../../db/migrate.js';
import type { AppDeps } from '../../app-deps.js';

export function systemRoutes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.db);
        const { pending } = await migrationStatus(deps.database);
        if (pending.length > 0) return reply.status(503).send({ status: 'migrations_pending', pending });
        return { status: 'ready', backend: deps.database.backend };
      } catch (error) {
        return reply.status(503).send({ status: 'database_unreachable', message: (error as Error).message });
      }
    });
  };
}
