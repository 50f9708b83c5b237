/**
 * Open311 GeoReport v2 over the case services: services are the public
 * categories, service definitions their questions, requests the public view
 * of cases (numbers as service_request_id), and POST requests is intake on the
 * open311 channel by the system holding the API key.
 */
import type { AppDeps } from '../../app-deps.js';
import type { RequestContext } from '../../kernel/access/access.js';
import { AppError } from '../../kernel/errors.js';
import { resolveApiToken } from '../org/auth.js';
import { createCase } from '../cases/intake.js';
import { addressForReport } from '../registry/addresses.js';
import { publicServices, publishedRequest, publishedRequestByToken, publishedRequests, publishedUpdates, type PublicStatus } from '../cases/published.js';

/** An error with an Open311 status: 400, 403 or 404. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly descriptions: string[],
  ) {
    super(descriptions.join('; '));
  }
}

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-11-30T00:00:00Z';
const DEFAULT_WINDOW_DAYS = 90;
const DEFAULT_LIMIT = 1000;

export function discovery(baseUrl: string) {
  return {
    changeset: CHANGESET,
    contact: 'Gongzhi 共治 — the operator of this installation',
    key_service: 'API keys are issued by the system administrator (gongzhi tokens create)',
    endpoints: [{ specification: SPEC, url: baseUrl, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

export async function services(deps: Pick<AppDeps, 'db'>) {
  return (await publicServices(deps)).map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: s.attributes.length > 0,
    type: 'realtime',
    keywords: s.keywords.join(','),
    group: s.group,
  }));
}

export async function serviceDefinition(deps: Pick<AppDeps, 'db'>, code: string) {
  const service = (await publicServices(deps)).find((s) => s.code === code);
  if (!service) throw new Open311Error(404, [`service_code ${code} not found`]);
  return {
    service_code: service.code,
    attributes: service.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

/** POST requests: the form fields as the specification names them, attribute[CODE] included. */
export async function submitRequest(deps: AppDeps, caller: Omit<RequestContext, 'actor' | 'purpose'>, form: Record<string, unknown>) {
  const field = (name: string) => {
    const value = form[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const apiKey = field('api_key');
  const actor = apiKey ? await resolveApiToken(deps, apiKey) : null;
  if (!actor) throw new Open311Error(403, ['api_key is missing, unknown, revoked or expired']);

  const problems: string[] = [];
  const serviceCode = field('service_code');
  if (!serviceCode) problems.push('service_code: required');
  const lat = field('lat');
  const long = field('long');
  const addressString = field('address_string');
  const addressId = field('address_id');
  let location: { lon: number; lat: number } | undefined;
  if (lat !== undefined || long !== undefined) {
    const point = { lat: Number(lat), lon: Number(long) };
    if (!Number.isFinite(point.lat) || Math.abs(point.lat) > 90) problems.push('lat: a latitude in decimal degrees is required with long');
    if (!Number.isFinite(point.lon) || Math.abs(point.lon) > 180) problems.push('long: a longitude in decimal degrees is required with lat');
    location = point;
  } else if (!addressString && !addressId) {
    problems.push('lat and long, address_string or address_id: a location is required');
  }
  const description = typeof form.description === 'string' ? form.description : undefined;
  if (description !== undefined && description.length > 4000) problems.push('description: at most 4000 characters');
  if (problems.length > 0) throw new Open311Error(400, problems);
  if (!(await publicServices(deps)).some((s) => s.code === serviceCode)) throw new Open311Error(404, [`service_code ${serviceCode} not found`]);
  const context = { ...caller, actor, purpose: null };
  // An address id names a registry dwelling in the key holder's jurisdiction; it places the request when no point is given.
  const registered = addressId ? await addressForReport(deps, context, addressId) : null;
  if (addressId && !registered) throw new Open311Error(400, [`address_id: no address ${addressId} in the jurisdiction of this api_key`]);

  // Without a point the request is placed where the key's holder works.
  const home = actor.grants.find((g) => g.role !== 'sysadmin');
  const name = [field('last_name'), field('first_name')].filter(Boolean).join('');
  try {
    const created = await createCase(deps, context, {
      categoryCode: serviceCode!,
      description: description ?? '',
      channel: 'open311',
      location,
      address: addressString ?? registered?.address,
      addressId: registered?.id,
      jurisdictionCode: location ? undefined : (registered?.gridCode ?? registered?.communityCode ?? home?.jurisdictionCode),
      attributes: attributesOf(form),
      reporter: { name: name || undefined, email: field('email'), phone: field('phone'), deviceId: field('device_id'), accountId: field('account_id') },
      mediaUrl: field('media_url'),
    });
    const request = await publishedRequest(deps, created.number);
    return { service_request_id: created.number, token: created.token, service_notice: request?.serviceNotice ?? '', account_id: field('account_id') ?? null };
  } catch (error) {
    throw asOpen311Error(error);
  }
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

/** GET requests: a list of ids overrides every other filter; with no dates, the last 90 days; at most 1000. */
export async function requests(deps: Pick<AppDeps, 'db' | 'clock'>, query: RequestQuery) {
  const problems: string[] = [];
  const date = (name: 'start_date' | 'end_date') => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()) || !/T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(value)) problems.push(`${name}: a W3C date and time with a time zone`);
    return parsed;
  };
  const statuses = query.status ? query.status.split(',').map((s) => s.trim()) : undefined;
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) problems.push('status: open, closed, or both separated by a comma');
  let from = date('start_date');
  const to = date('end_date');
  if (problems.length > 0) throw new Open311Error(400, problems);
  const numbers = query.service_request_id ? query.service_request_id.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (!numbers && !from && !to) from = new Date(deps.clock.now().getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  const rows = await publishedRequests(deps, {
    numbers,
    categoryCode: query.service_code,
    from,
    to,
    statuses: statuses as PublicStatus[] | undefined,
    limit: DEFAULT_LIMIT,
  });
  return rows.map(presentRequest);
}

export async function request(deps: Pick<AppDeps, 'db'>, number: string) {
  const found = await publishedRequest(deps, number);
  if (!found) throw new Open311Error(404, [`service_request_id ${number} not found`]);
  return [presentRequest(found)];
}

export async function token(deps: Pick<AppDeps, 'db'>, value: string) {
  const found = await publishedRequestByToken(deps, value);
  if (!found) throw new Open311Error(404, [`token ${value} not found`]);
  return [{ service_request_id: found.number, token: value }];
}

/** The request-updates extension: public updates, newest first. */
export async function updates(deps: Pick<AppDeps, 'db'>, query: { service_request_id?: string; start_date?: string; end_date?: string }) {
  const parse = (name: 'start_date' | 'end_date') => {
    const value = query[name];
    if (!value) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new Open311Error(400, [`${name}: a W3C date and time with a time zone`]);
    return parsed;
  };
  const rows = await publishedUpdates(deps, {
    numbers: query.service_request_id ? query.service_request_id.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    from: parse('start_date'),
    to: parse('end_date'),
    limit: DEFAULT_LIMIT,
  });
  return rows.map((u) => ({
    update_id: u.updateId,
    service_request_id: u.number,
    status: u.status,
    updated_datetime: u.updatedAt.toISOString(),
    description: u.description,
    media_url: u.mediaUrl,
  }));
}

function presentRequest(r: NonNullable<Awaited<ReturnType<typeof publishedRequest>>>) {
  return {
    service_request_id: r.number,
    status: r.status,
    status_notes: r.statusNotes,
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: r.agencyResponsible,
    service_notice: r.serviceNotice,
    requested_datetime: r.requestedAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.expectedAt?.toISOString() ?? null,
    address: r.address,
    address_id: r.addressId,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.mediaUrl,
  };
}

/** `attribute[CODE]=v` and `attribute[CODE][]=v` form fields → answers by code. */
function attributesOf(form: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match) continue;
    const [, code, many] = match;
    answers[code] = many ? [...((answers[code] as unknown[] | undefined) ?? []), ...(Array.isArray(value) ? value : [value])] : value;
  }
  return answers;
}

function asOpen311Error(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const issues = (error.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues;
  const descriptions = issues?.length ? issues.map((i) => `${OPEN311_FIELD[i.path] ?? i.path.replace(/^attributes\[/, 'attribute[')}: ${i.message}`) : [error.message];
  if (error.status === 403 || error.status === 401) return new Open311Error(403, descriptions);
  if (error.status === 404) return new Open311Error(404, descriptions);
  return new Open311Error(400, descriptions);
}

/** Our field names back into the specification's, so errors name what the client sent. */
const OPEN311_FIELD: Record<string, string> = {
  location: 'lat/long',
  categoryCode: 'service_code',
  jurisdictionCode: 'address_string',
  description: 'description',
};
