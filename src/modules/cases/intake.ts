/**
 * Intake: every channel produces the same case. The case is placed in its
 * grid, community and street (point-in-polygon over the jurisdiction
 * boundaries, or the place named), routed by the responsibility list, put on
 * the hub's clock to be registered, and offered its possible duplicates.
 */
import { randomUUID } from 'node:crypto';
import { authorize, pathWithin, type Actor, type RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import { boundingBox, distanceMetres, type Point } from '../../lib/geo.js';
import type { AppDeps } from '../../app-deps.js';
import { configurationVersion } from '../../db/configuration-version.js';
import { displayNamesOf, jurisdictionLineage, jurisdictionsAtPoint } from '../org/service.js';
import { checkAttributeAnswers, type AttributeAnswer, type AttributeDefinition } from './attributes.js';
import { acting } from './audit.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { startClock } from './clocks.js';
import { stageClock } from './deadlines.js';
import type { Channel, ResponsibleUnit } from './model.js';
import { channelsFor } from './policy.js';
import { categoryLineageIn, clockSettingIn, intakeConfiguration, rulesInForceIn } from './intake-configuration.js';
import { decideRoutingAmong } from './responsibility-list.js';
import { recordEvent } from './timeline.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ReporterDetails {
  name?: string;
  phone?: string;
  email?: string;
  deviceId?: string;
  accountId?: string;
}

export interface IntakeInput {
  categoryCode: string;
  description: string;
  channel?: Channel;
  location?: Point;
  address?: string;
  /** The place, when no point is given: a grid, community or street code. */
  jurisdictionCode?: string;
  attributes?: Record<string, unknown>;
  /** The person reporting, when it is not the caller (a hotline caller, a resident at a reception) or for contact. */
  reporter?: ReporterDetails;
  mediaUrl?: string;
  /** The registry dwelling the address was chosen from (Open311 address_id). */
  addressId?: string;
}

/** More work in the intake's transaction (the report's photos): if it fails, no case is created. */
export type WithinIntake = (trx: repo.Db, created: { id: string; number: string; selfReported: boolean }) => Promise<void>;

export interface PossibleDuplicate {
  id: string;
  number: string;
  status: string;
  categoryCode: string;
  categoryName: string;
  distanceMetres: number;
  submittedAt: string;
}

export async function createCase(deps: Deps, ctx: RequestContext, input: IntakeInput, withinIntake?: WithinIntake) {
  const scope = await authorize(deps, ctx, { permission: 'case.report', action: 'case.create' });
  const actor = scope.actor;
  const allowed = channelsFor(actor);
  const channel = input.channel ?? allowed[0];
  if (!channel || !allowed.includes(channel)) {
    throw new AppError('access.denied', `You may not report on the ${input.channel} channel (yours: ${allowed.join(', ') || 'none'})`, 403);
  }

  // PostgreSQL text cannot hold NUL; everything else is stored exactly as given.
  const withNul = Object.entries({ description: input.description, address: input.address, ...prefixed('reporter', input.reporter) }).filter(
    ([, value]) => typeof value === 'string' && value.includes('\u0000'),
  );
  if (withNul.length > 0) throw errors.validation(withNul.map(([path]) => ({ path, message: 'must not contain the NUL character' })));

  // Configuration that rarely changes comes from this process's copy, checked by one read of its version.
  const version = await configurationVersion(deps.db);
  const config = await intakeConfiguration(deps.db, version);
  const lineage = categoryLineageIn(config, input.categoryCode);
  const category = lineage[0];
  if (!category || !category.active) throw errors.validation([{ path: 'categoryCode', message: `unknown category ${input.categoryCode}` }]);
  const answers = checkAttributeAnswers(category.attributes as AttributeDefinition[], input.attributes ?? {});
  if (!answers.ok) throw errors.validation(answers.issues);

  const place = await placeOf(deps, actor, input, version);
  // Residents may report anywhere in the city; staff and other systems inside their own jurisdiction.
  if (actor.kind !== 'user' || !actor.grants.every((g) => g.role === 'resident')) {
    if (!pathWithin(scope.paths, place.path)) throw errors.denied('That place lies outside your jurisdiction');
  }

  const settings = config.settings;
  const now = deps.clock.now();
  const decision = decideRoutingAmong(
    rulesInForceIn(config, lineage.map((c) => c.code), place.path, now),
    {
      categoryLineage: lineage.map((c) => ({ code: c.code, name: c.name })),
      jurisdictionPath: place.path,
      community: place.community,
      street: place.street,
      channel,
      description: input.description,
    },
    place.hub,
  );
  const limits = { signFor: decision.limits.signFor ?? settings.stageLimits.signFor, handle: decision.limits.handle ?? settings.stageLimits.handle };
  const clocks = clockSettingIn(config, place.path);
  // Residents and grid workers report for themselves; on the hotline, at a reception
  // or through another system the reporter is the person described.
  const selfReported = actor.kind === 'user' && (channel === 'resident' || channel === 'patrol');
  const reporterName =
    input.reporter?.name ?? (selfReported ? (actor.displayName ?? (await displayNamesOf(deps.db, [actor.id])).get(actor.id) ?? actor.name) : null);

  // Open311 clients may look the request up by token as well as by number.
  const token = channel === 'open311' ? randomUUID() : null;
  // The register clock started below is the new case's only clock: its due time is the case's countdown.
  const registerDue = stageClock(now, settings.stageLimits.register, clocks.calendar, clocks.warnAtFraction).dueAt;
  const created = await deps.db.transaction().execute(async (trx) => {
    await repo.commitWithoutWaitingForFlush(trx);
    const serial = await repo.nextCaseSerial(trx);
    const number = caseNumber(now, clocks.calendar.utcOffsetMinutes, serial);
    const { id } = await repo.insertCase(trx, {
      serial,
      number,
      category_code: category.code,
      description: input.description,
      attributes: JSON.stringify(answers.value satisfies Record<string, AttributeAnswer>),
      channel,
      status: 'submitted',
      lon: input.location?.lon ?? null,
      lat: input.location?.lat ?? null,
      address: input.address ?? null,
      address_id: input.addressId ?? null,
      jurisdiction_path: place.path,
      grid_code: place.grid?.code ?? null,
      community_code: place.community?.code ?? null,
      street_code: place.street?.code ?? null,
      hub_code: place.hub.jurisdictionCode!,
      unit_kind: decision.unit.kind,
      unit_department_id: decision.unit.departmentId,
      unit_jurisdiction_code: decision.unit.jurisdictionCode,
      unit_name: decision.unit.name,
      routing_rule_id: decision.rule?.id ?? null,
      routing_explanation: decision.explanation,
      routing: JSON.stringify({
        ruleId: decision.rule?.id ?? null,
        ruleKey: decision.rule?.ruleKey ?? null,
        ruleVersion: decision.rule?.version ?? null,
        hub: decision.rule === null,
        outranked: decision.outranked,
        decidedAt: now.toISOString(),
      }),
      limits: JSON.stringify(limits),
      media_url: input.mediaUrl ?? null,
      open311_token: token,
      next_due_at: registerDue,
      created_by: actor.name,
      submitted_at: now,
      updated_at: now,
    });
    await repo.insertReporter(trx, {
      case_id: id,
      user_id: selfReported ? actor.id : null,
      name: reporterName,
      phone: input.reporter?.phone ?? null,
      email: input.reporter?.email ?? null,
      device_id: input.reporter?.deviceId ?? null,
      account_id: input.reporter?.accountId ?? null,
      via_case_id: null,
      added_at: now,
    });
    await startClock(trx, clocks, {
      caseId: id,
      stage: 'register',
      owner: { key: `jurisdiction:${place.hub.jurisdictionCode}`, name: place.hub.name },
      limit: settings.stageLimits.register,
      start: now,
    });
    const who = acting(ctx, scope);
    await recordEvent(trx, deps.clock, who, id, {
      action: 'submit',
      toStatus: 'submitted',
      public: true,
      role: selfReported ? 'reporter' : null,
      details: { channel, categoryCode: category.code, routedTo: decision.unit.name, ruleKey: decision.rule?.ruleKey ?? null, ruleVersion: decision.rule?.version ?? null },
    });
    await withinIntake?.(trx, { id, number, selfReported });
    return { id, number };
  });
  // Durable before anyone hears of it.
  await repo.awaitFlush(deps.db);

  return {
    id: created.id,
    number: created.number,
    token,
    status: 'submitted' as const,
    place: { gridCode: place.grid?.code ?? null, communityCode: place.community?.code ?? null, communityName: place.community?.name ?? null, streetCode: place.street?.code ?? null },
    unit: decision.unit,
    routingExplanation: decision.explanation,
    possibleDuplicates: input.location
      ? await possibleDuplicatesNear(deps.db, { categoryCode: category.code, point: input.location, radius: settings.duplicateRadiusMetres, excludeId: created.id })
      : [],
  };
}

/** Open cases of the category within the configured distance of a point, nearest first. */
export async function findPossibleDuplicates(deps: Deps, ctx: RequestContext, query: { categoryCode: string; point: Point }): Promise<PossibleDuplicate[]> {
  await authorize(deps, ctx, { permission: 'case.report', action: 'case.duplicates' });
  const settings = await loadSettings(deps.db);
  return possibleDuplicatesNear(deps.db, { ...query, radius: settings.duplicateRadiusMetres, excludeId: null });
}

async function possibleDuplicatesNear(db: repo.Db, query: { categoryCode: string; point: Point; radius: number; excludeId: string | null }): Promise<PossibleDuplicate[]> {
  const candidates = await repo.openCasesInBox(db, query.categoryCode, boundingBox(query.point, query.radius), query.excludeId);
  return candidates
    .map((c) => ({ c, distance: distanceMetres(query.point, { lon: c.lon!, lat: c.lat! }) }))
    .filter(({ distance }) => distance <= query.radius)
    .sort((a, b) => a.distance - b.distance)
    .map(({ c, distance }) => ({
      id: c.id,
      number: c.number,
      status: c.status,
      categoryCode: c.category_code,
      categoryName: c.category_name,
      distanceMetres: Math.round(distance),
      submittedAt: c.submitted_at.toISOString(),
    }));
}

interface Place {
  path: string;
  grid: { code: string; name: string } | null;
  community: { code: string; name: string } | null;
  street: { code: string; name: string } | null;
  hub: ResponsibleUnit;
}

async function placeOf(deps: Deps, actor: Actor, input: IntakeInput, configurationVersion: string): Promise<Place> {
  let chain;
  if (input.location) {
    chain = await jurisdictionsAtPoint(deps.db, input.location, { configurationVersion });
    if (chain.length === 0) throw errors.validation([{ path: 'location', message: `(${input.location.lon}, ${input.location.lat}) lies outside every jurisdiction boundary` }]);
  } else if (input.jurisdictionCode) {
    chain = await jurisdictionLineage(deps.db, input.jurisdictionCode);
    if (chain.length === 0) throw errors.validation([{ path: 'jurisdictionCode', message: `unknown jurisdiction ${input.jurisdictionCode}` }]);
  } else {
    // A resident who gives no place reports about their own community.
    const home = actor.kind === 'user' ? actor.grants.find((g) => g.role === 'resident') : undefined;
    if (!home) throw errors.validation([{ path: 'location', message: 'give a point (lon, lat) or the jurisdictionCode of the place' }]);
    chain = await jurisdictionLineage(deps.db, home.jurisdictionCode);
  }
  const at = (level: string) => chain.find((j) => j.level === level) ?? null;
  const named = (j: { code: string; name: string } | null) => (j ? { code: j.code, name: j.name } : null);
  // The street is the hub (首接负责): a case must be placed at least that precisely.
  const street = at('street');
  if (!street) throw errors.validation([{ path: input.location ? 'location' : 'jurisdictionCode', message: 'the place must lie within a street: name a street, community or grid' }]);
  return {
    path: chain.at(-1)!.path,
    grid: named(at('grid')),
    community: named(at('community')),
    street: named(street),
    hub: { kind: 'street', departmentId: null, jurisdictionCode: street.code, name: street.name },
  };
}

function prefixed(prefix: string, fields: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** GZ-YYYYMMDD-NNNNNN, the date in the city's civil time. */
function caseNumber(at: Date, utcOffsetMinutes: number, serial: number): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `GZ-${local}-${String(serial).padStart(6, '0')}`;
}
