/**
 * Intake: every channel produces the same case. The case is placed in its
 * grid, community and street (point-in-polygon over the jurisdiction
 * boundaries, or the place named), routed by the responsibility list, put on
 * the hub's clock to be registered, and offered its possible duplicates.
 */
import { randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Insertable } from 'kysely';
import { authorize, pathWithin, type Actor, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { auditAppendStatement } from '../../kernel/audit/audit.js';
import { AppError, errors } from '../../kernel/errors.js';
import { boundingBox, distanceMetres, type Point } from '../../lib/geo.js';
import type { AppDeps } from '../../app-deps.js';
import type { DB } from '../../db/schema.js';
import { groupCommitter, type GroupCommitter, type Settled } from '../../lib/group-commit.js';
import { displayNamesOf, jurisdictionLineage, jurisdictionsAtPoint } from '../org/service.js';
import { checkAttributeAnswers, type AttributeAnswer, type AttributeDefinition } from './attributes.js';
import { acting, changeEntry, type Acting } from './audit.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { deadlineRow } from './clocks.js';
import type { Channel, ResponsibleUnit } from './model.js';
import { channelsFor } from './policy.js';
import { categoryLineageIn, clockSettingIn, intakeConfiguration, rulesInForceIn, type IntakeConfiguration } from './intake-configuration.js';
import { decideRoutingAmong } from './responsibility-list.js';
import { eventRecord } from './timeline.js';

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

export async function createCase(deps: Deps, ctx: RequestContext, input: IntakeInput, withinIntake?: WithinIntake): Promise<CreatedCase> {
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

  return intakeWriter(deps).submit({ ctx, scope, channel, input, submittedAt: deps.clock.now(), withinIntake });
}

export interface CreatedCase {
  id: string;
  number: string;
  token: string | null;
  status: 'submitted';
  place: { gridCode: string | null; communityCode: string | null; communityName: string | null; streetCode: string | null };
  unit: ResponsibleUnit;
  routingExplanation: string;
  possibleDuplicates: PossibleDuplicate[];
}

/** A report that passed the caller's checks, waiting for its write. */
interface Submission {
  ctx: RequestContext;
  scope: Scope;
  channel: Channel;
  input: IntakeInput;
  submittedAt: Date;
  withinIntake?: WithinIntake;
}

/**
 * Cases are written in groups: the reports that arrive while one group is
 * being written go in the next, as one statement (see src/lib/group-commit.ts
 * and the cases README). One writer per database handle; a report with photos
 * goes alone, since its photos are recorded inside its transaction.
 */
const writers = new WeakMap<repo.Db, GroupCommitter<Submission, CreatedCase>>();
const MOST_CASES_PER_WRITE = 100;
const WRITES_IN_FLIGHT = 1;
// Under load a group waits 5 ms for more reports: at a steady 1,000/s that cut each case's CPU by 15–20% (bench/RESULTS.md).
const GATHER_MS = 5;

function intakeWriter(deps: Deps): GroupCommitter<Submission, CreatedCase> {
  let writer = writers.get(deps.db);
  if (!writer) {
    writer = groupCommitter((batch) => writeCases(deps, batch), {
      maxBatch: MOST_CASES_PER_WRITE,
      // One group at a time: a second in flight would only queue on the audit chain's lock, and at a steady
      // thousand reports a second it halved the groups and raised each case's CPU (bench/RESULTS.md).
      concurrency: WRITES_IN_FLIGHT,
      gatherMs: GATHER_MS,
      alone: (s) => s.withinIntake !== undefined,
    });
    writers.set(deps.db, writer);
  }
  return writer;
}

/**
 * One group of reports: each is checked, placed and routed against the
 * configuration as it stands now (its version read once for the group, so a
 * change committed before the group began applies to all of it); those that
 * pass are written together — cases, reporters, register clocks, timeline
 * events and their audit entries — and then offered their possible duplicates.
 */
async function writeCases(deps: Deps, batch: readonly Submission[]): Promise<Array<Settled<CreatedCase>>> {
  const { configurationVersion: version, serials } = await repo.newCasesStart(deps.db, batch.length);
  const config = await intakeConfiguration(deps.db, version);
  const settled = await Promise.all(
    batch.map((submission, i) =>
      prepareCase(deps, config, version, submission, serials[i]).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ),
  );
  const ready = settled.flatMap((s) => (s.ok ? [s.value] : []));
  if (ready.length > 0) {
    const write = (db: repo.Db) =>
      repo.insertNewCases(
        db,
        { cases: ready.map((c) => c.row), reporters: ready.map((c) => c.reporter), clocks: ready.map((c) => c.registerClock), events: ready.map((c) => c.event.row) },
        auditAppendStatement(deps.clock, ready.map((c) => changeEntry(c.who, c.event.change))),
      );
    const withPhotos = ready.filter((c) => c.submission.withinIntake);
    if (withPhotos.length === 0) await write(deps.db);
    else {
      await deps.db.transaction().execute(async (trx) => {
        await write(trx);
        for (const c of withPhotos) await c.submission.withinIntake!(trx, { id: c.row.id, number: c.row.number, selfReported: c.selfReported });
      });
    }
  }
  const duplicates = await possibleDuplicatesNearEach(
    deps.db,
    ready.map((c) => ({ categoryCode: c.row.category_code, point: c.submission.input.location, radius: config.settings.duplicateRadiusMetres, excludeId: c.row.id })),
  );
  return settled.map((s) => {
    if (!s.ok) return s;
    return { ok: true, value: { ...s.value.created, possibleDuplicates: duplicates[ready.indexOf(s.value)] } };
  });
}

/** A case ready to write: its rows, and what its reporter is told. */
interface PreparedCase {
  submission: Submission;
  who: Acting;
  selfReported: boolean;
  row: Insertable<DB['cases']> & { id: string; number: string; category_code: string };
  reporter: Insertable<DB['case_reporters']>;
  registerClock: Insertable<DB['case_deadlines']>;
  event: ReturnType<typeof eventRecord>;
  created: Omit<CreatedCase, 'possibleDuplicates'>;
}

async function prepareCase(deps: Deps, config: IntakeConfiguration, version: string, submission: Submission, serial: number): Promise<PreparedCase> {
  const { ctx, scope, channel, input, submittedAt: now } = submission;
  const actor = scope.actor;
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

  // Time-ordered, so new cases and the rows that point at them land at the end of each index (migration 0342).
  const id = timeOrderedUuid();
  const number = caseNumber(now, clocks.calendar.utcOffsetMinutes, serial);
  // Open311 clients may look the request up by token as well as by number.
  const token = channel === 'open311' ? randomUUID() : null;
  // The register clock is the new case's only clock: its due time is the case's countdown.
  const registerClock = deadlineRow(clocks, {
    caseId: id,
    stage: 'register',
    owner: { key: `jurisdiction:${place.hub.jurisdictionCode}`, name: place.hub.name },
    limit: settings.stageLimits.register,
    start: now,
  });
  const who = acting(ctx, scope);
  return {
    submission,
    who,
    selfReported,
    row: {
      id,
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
      next_due_at: registerClock.due_at,
      created_by: actor.name,
      submitted_at: now,
      updated_at: now,
    },
    reporter: {
      case_id: id,
      user_id: selfReported ? actor.id : null,
      name: reporterName,
      phone: input.reporter?.phone ?? null,
      email: input.reporter?.email ?? null,
      device_id: input.reporter?.deviceId ?? null,
      account_id: input.reporter?.accountId ?? null,
      via_case_id: null,
      added_at: now,
    },
    registerClock,
    event: eventRecord(now, who, id, {
      action: 'submit',
      toStatus: 'submitted',
      public: true,
      role: selfReported ? 'reporter' : null,
      details: { channel, categoryCode: category.code, routedTo: decision.unit.name, ruleKey: decision.rule?.ruleKey ?? null, ruleVersion: decision.rule?.version ?? null },
    }),
    created: {
      id,
      number,
      token,
      status: 'submitted',
      place: { gridCode: place.grid?.code ?? null, communityCode: place.community?.code ?? null, communityName: place.community?.name ?? null, streetCode: place.street?.code ?? null },
      unit: decision.unit,
      routingExplanation: decision.explanation,
    },
  };
}

/** Open cases of the category within the configured distance of a point, nearest first. */
export async function findPossibleDuplicates(deps: Deps, ctx: RequestContext, query: { categoryCode: string; point: Point }): Promise<PossibleDuplicate[]> {
  await authorize(deps, ctx, { permission: 'case.report', action: 'case.duplicates' });
  const settings = await loadSettings(deps.db);
  const [found] = await possibleDuplicatesNearEach(deps.db, [{ ...query, radius: settings.duplicateRadiusMetres, excludeId: null }]);
  return found;
}

/** For each query, its possible duplicates (none without a point), in one round trip. */
async function possibleDuplicatesNearEach(
  db: repo.Db,
  queries: ReadonlyArray<{ categoryCode: string; point: Point | undefined; radius: number; excludeId: string | null }>,
): Promise<PossibleDuplicate[][]> {
  const located = queries.flatMap((q, position) => (q.point ? [{ ...q, point: q.point, position }] : []));
  const candidates = await repo.openCasesInBoxes(
    db,
    located.map((q) => ({ categoryCode: q.categoryCode, box: boundingBox(q.point, q.radius), excludeId: q.excludeId })),
  );
  const found = queries.map((): PossibleDuplicate[] => []);
  located.forEach((query, i) => {
    found[query.position] = candidates[i]
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
  });
  return found;
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
    chain = await jurisdictionLineage(deps.db, input.jurisdictionCode, { configurationVersion });
    if (chain.length === 0) throw errors.validation([{ path: 'jurisdictionCode', message: `unknown jurisdiction ${input.jurisdictionCode}` }]);
  } else {
    // A resident who gives no place reports about their own community.
    const home = actor.kind === 'user' ? actor.grants.find((g) => g.role === 'resident') : undefined;
    if (!home) throw errors.validation([{ path: 'location', message: 'give a point (lon, lat) or the jurisdictionCode of the place' }]);
    chain = await jurisdictionLineage(deps.db, home.jurisdictionCode, { configurationVersion });
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
