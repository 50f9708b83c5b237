// Open311 GeoReport v2 under /open311/v2/: every resource as .json or .xml,
// errors as the specification's error documents with 400, 403 or 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.js';
import { AppError } from '../../kernel/errors.js';
import { CONTENT_TYPES, render, renderErrors, type Open311Format } from './format.js';
import * as service from './service.js';
import { Open311Error } from './service.js';

const PREFIX = '/open311/v2';

type Params = { format: string; service_code?: string; id?: string; token?: string };

export function open311Routes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    // Every failure here, validation included, is answered in the format asked for.
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      if (error instanceof Open311Error) return send(reply, formatOf(request), error.status, renderErrors(formatOf(request), error.status, error.descriptions));
      // The specification knows 400, 403 and 404: a refused credential is 403, anything else the client sent wrong is 400.
      const code = error instanceof AppError ? error.status : error.statusCode;
      if (code && code < 500) {
        const status = code === 401 || code === 403 ? 403 : code === 404 ? 404 : 400;
        return send(reply, formatOf(request), status, renderErrors(formatOf(request), status, [error.message]));
      }
      request.log.error({ err: error }, 'unhandled error in open311');
      return send(reply, formatOf(request), 500, renderErrors(formatOf(request), 500, [`Internal error (request ${request.id})`]));
    });
    const schema = { tags: ['open311'], description: 'Open311 GeoReport v2; format is json or xml' };
    const get = (url: string, handler: (request: FastifyRequest<{ Params: Params; Querystring: Record<string, string> }>, format: Open311Format) => Promise<[string, unknown]>) =>
      app.get<{ Params: Params; Querystring: Record<string, string> }>(`${PREFIX}${url}`, { schema }, async (request, reply) => {
        const format = requireFormat(request.params.format);
        const [root, document] = await handler(request, format);
        return send(reply, format, 200, render(format, root, document as never));
      });

    get('/discovery.:format', async (request) => ['discovery', service.discovery(`${request.protocol}://${request.host}${PREFIX}`)]);
    get('/services.:format', async () => ['services', await service.services(deps)]);
    get('/services/:service_code.:format', async (request) => ['service_definition', await service.serviceDefinition(deps, request.params.service_code!)]);
    get('/requests.:format', async (request) => ['service_requests', await service.requests(deps, request.query)]);
    get('/requests/:id.:format', async (request) => ['service_requests', await service.request(deps, request.params.id!)]);
    get('/tokens/:token.:format', async (request) => ['service_requests', await service.token(deps, request.params.token!)]);
    get('/servicerequestupdates.:format', async (request) => ['service_request_updates', await service.updates(deps, request.query)]);

    app.post<{ Params: Params; Body: Record<string, unknown> }>(`${PREFIX}/requests.:format`, { schema }, async (request, reply) => {
      const format = requireFormat(request.params.format);
      if (!request.body || typeof request.body !== 'object') throw new Open311Error(400, ['send the request as application/x-www-form-urlencoded']);
      const created = await service.submitRequest(deps, { ip: request.ip ?? null, requestId: String(request.id) }, request.body);
      return send(reply, format, 201, render(format, 'service_requests', [created]));
    });
  };
}

function send(reply: FastifyReply, format: Open311Format, status: number, body: string) {
  return reply.status(status).header('content-type', CONTENT_TYPES[format]).header('x-content-type-options', 'nosniff').send(body);
}

function requireFormat(format: string): Open311Format {
  if (format === 'json' || format === 'xml') return format;
  throw new Open311Error(400, [`format .${format} is not offered: use .json or .xml`]);
}

/** For errors: the format the URL asked for, JSON when it asked for none we offer. */
function formatOf(request: FastifyRequest): Open311Format {
  return request.url.split('?')[0].endsWith('.xml') ? 'xml' : 'json';
}
