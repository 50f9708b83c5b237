/**
 * 校核纠错: the correction list of each source department — what linking
 * found wrong in its data — listed for the steward and exported in the
 * department's own format (its mapping profile in reverse) to send back.
 */
import { sql } from 'kysely';
import type { AppDeps } from '../../../app-deps.js';
import { authorize, recordRead, withinScope, type RequestContext } from '../../../kernel/access/access.js';
import { errors } from '../../../kernel/errors.js';
import { toCsv, toXlsx } from '../../../lib/tabular.js';
import { auditChange } from '../../registry/audit.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import type { Disclosure } from '../../registry/disclosure.js';
import { disclosureFor } from '../../registry/person-reader.js';
import type { StagedRecord } from '../import/map-row.js';
import type { MappingProfile } from '../profiles/profile.js';
import { correctionSheet, CORRECTION_KIND_TEXT } from './correction-sheet.js';
import type { CorrectionKind } from './schema.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

interface CorrectionRow {
  id: string;
  source_id: string;
  source_name: string;
  import_id: string;
  row_number: number;
  record_key: string;
  person_id: string | null;
  kind: CorrectionKind;
  field: string;
  value: string | null;
  suggestion: string | null;
  detail: string | null;
  created_at: Date;
}

export async function listCorrections(deps: Deps, ctx: RequestContext, query: { sourceId?: string; kind?: CorrectionKind; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'correction.read', action: 'linkage.corrections.list', needsPurpose: true });
  const rows = await sql<CorrectionRow>`
    SELECT c.id, c.source_id, s.name AS source_name, c.import_id, c.row_number, c.record_key, c.person_id, c.kind, c.field, c.value, c.suggestion, c.detail, c.created_at
    FROM linkage_corrections c JOIN data_sources s ON s.id = c.source_id
    WHERE ${withinScope(scope, 'c.jurisdiction_path')}
      ${query.sourceId ? sql`AND c.source_id = ${query.sourceId}` : sql``}
      ${query.kind ? sql`AND c.kind = ${query.kind}` : sql``}
    ORDER BY c.source_id, c.created_at, c.row_number, c.kind LIMIT ${query.limit} OFFSET ${query.offset}`.execute(deps.db);
  const disclosure = await stewardsView(deps, scope);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.corrections.list', targetType: 'person', targetIds: [...new Set(rows.rows.map((r) => r.person_id).filter((id): id is string => id !== null))] });
  return rows.rows.map((r) => ({
    id: r.id,
    source: { id: r.source_id, name: r.source_name },
    importId: r.import_id,
    row: r.row_number,
    recordKey: r.record_key,
    personId: r.person_id,
    kind: r.kind,
    problem: CORRECTION_KIND_TEXT[r.kind],
    field: r.field,
    value: shown(disclosure, r.field, r.value),
    suggestion: shown(disclosure, r.field, r.suggestion),
    detail: r.detail,
    createdAt: r.created_at.toISOString(),
  }));
}

/** The source departments with findings in the caller's jurisdiction: how many, and the latest. No personal data, so no purpose. */
export async function listCorrectionSources(deps: Deps, ctx: RequestContext) {
  const scope = await authorize(deps, ctx, { permission: 'correction.read', action: 'linkage.corrections.sources' });
  const rows = await sql<{ source_id: string; source_name: string; items: number; latest: Date }>`
    SELECT c.source_id, s.name AS source_name, count(*)::int AS items, max(c.created_at) AS latest
    FROM linkage_corrections c JOIN data_sources s ON s.id = c.source_id
    WHERE ${withinScope(scope, 'c.jurisdiction_path')}
    GROUP BY c.source_id, s.name ORDER BY c.source_id`.execute(deps.db);
  return rows.rows.map((r) => ({ id: r.source_id, name: r.source_name, items: r.items, latestAt: new Date(r.latest).toISOString() }));
}

/** The department's list as a file in its own format, from the profile its latest import with findings was read with. */
export async function exportCorrections(deps: Deps, ctx: RequestContext, query: { sourceId: string; format: 'csv' | 'xlsx' }) {
  const scope = await authorize(deps, ctx, { permission: 'correction.read', action: 'linkage.corrections.export', needsPurpose: true });
  const rows = await sql<CorrectionRow & { record: StagedRecord | null; profile: MappingProfile | null }>`
    SELECT c.id, c.source_id, c.import_id, c.row_number, c.record_key, c.person_id, c.kind, c.field, c.value, c.suggestion, c.detail, c.created_at, ir.record, i.profile
    FROM linkage_corrections c
    JOIN imports i ON i.id = c.import_id
    LEFT JOIN import_rows ir ON ir.import_id = c.import_id AND ir.row_number = c.row_number
    WHERE c.source_id = ${query.sourceId} AND ${withinScope(scope, 'c.jurisdiction_path')}
    ORDER BY c.created_at, c.row_number, c.kind`.execute(deps.db);
  if (rows.rows.length === 0) throw errors.notFound('correction list', query.sourceId);
  const profile = [...rows.rows].reverse().find((r) => r.profile !== null)?.profile;
  if (!profile) throw errors.conflict('linkage.no_profile', `No mapping profile is known for source ${query.sourceId}`);
  const catalogue = await loadCatalogue(deps.db);
  const disclosure = await stewardsView(deps, scope);
  const sheet = correctionSheet(
    profile,
    rows.rows.map((r) => ({ kind: r.kind, field: r.field, value: r.value, suggestion: r.suggestion, detail: r.detail, row: r.row_number, record: r.record })),
    (field, code) => {
      const definition = catalogue.field(field);
      return definition?.codeList ? catalogue.labelOf(definition, code) : code;
    },
    (field, value) => shown(disclosure, field, value) ?? '',
  );
  const targets = [...new Set(rows.rows.map((r) => r.person_id).filter((id): id is string => id !== null))];
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.corrections.export', targetType: 'person', targetIds: targets });
  await auditChange(deps.db, deps.clock, ctx, scope, {
    action: 'linkage.corrections.exported',
    targetType: 'data_source',
    targetIds: [query.sourceId],
    purpose: 'data_quality',
    details: { items: rows.rows.length, format: query.format },
  });
  const fileName = `${profile.id}-corrections.${query.format}`;
  if (query.format === 'xlsx') return { fileName, bytes: await toXlsx([{ name: '校核纠错 corrections', rows: sheet, headerRow: true }]) };
  const encoding = profile.input.encoding === 'gb18030' ? 'gb18030' : 'utf-8';
  return { fileName, encoding, bytes: toCsv(sheet, { encoding, neutraliseFormulas: true }) };
}

/**
 * Each finding is one record's problem to put right, so it is shown as on that
 * record's page: in clear for the purpose of correcting data, masked otherwise.
 */
function stewardsView(deps: Deps, scope: Parameters<typeof disclosureFor>[1]) {
  return disclosureFor(deps.db, scope, { listing: false });
}

function shown(disclosure: Disclosure, field: string, value: string | null): string | null {
  if (value === null || !disclosure.showsField(field)) return null;
  if (field === 'person.name') return disclosure.name(value);
  const disclosed = disclosure.value(field, value);
  return Array.isArray(disclosed) ? disclosed.join(',') : disclosed;
}
