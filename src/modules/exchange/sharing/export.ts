/**
 * Bulk export for a department, in its own format (its mapping profile read
 * backwards), under its data-sharing grants: each row's fields are decided by
 * the grant covering the row — granted fields as they are, names, ID numbers
 * and phones masked, everything else left empty — and the whole export is one
 * audited read naming every person in it, the row count and the grants.
 */
import type { AppDeps } from '../../../app-deps.js';
import { recordDenial, type RequestContext } from '../../../kernel/access/access.js';
import { appendAudit } from '../../../kernel/audit/audit.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { toCsv, toXlsx, type Cell } from '../../../lib/tabular.js';
import { peopleInScope, type ExportPersonRow } from '../../registry/bulk-read.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { personRecord } from '../../registry/person-reader.js';
import { parseProfile } from '../profiles/parse-profile.js';
import * as profiles from '../profiles/repo.js';
import { profileInvalid } from '../profiles/service.js';
import { ShareGate, type AllowedShare } from './gate.js';
import { exportCell, exportColumns } from './reverse-profile.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ExportRequest {
  profile: string;
  format: 'csv' | 'xlsx';
  jurisdiction?: string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  rowCount: number;
}

export async function exportForDepartment(deps: Deps, ctx: RequestContext, request: ExportRequest): Promise<ExportFile> {
  const action = 'sharing.export';
  const gate = await ShareGate.open(deps, ctx, { action, within: request.jurisdiction, target: { type: 'profile', id: request.profile } });
  const stored = await profiles.findProfile(deps.db, request.profile);
  if (!stored) throw errors.notFound('profile', request.profile);
  if (stored.department_code !== gate.department.code) {
    const reason = `Profile ${request.profile} is the format of ${stored.department_name}, not of ${gate.department.name}`;
    await recordDenial(deps, ctx, { permission: 'person.read_shared', action, target: { type: 'profile', id: request.profile }, reason });
    throw new AppError('sharing.foreign_profile', reason, 403);
  }
  const catalogue = await loadCatalogue(deps.db);
  const parsed = parseProfile(stored.text, catalogue);
  if (!parsed.ok) throw profileInvalid(parsed.issues);
  const columns = exportColumns(parsed.profile);

  const { lines, ids } = await deps.db.transaction().execute(async (trx) => {
    const lines: Cell[][] = [];
    const ids: string[] = [];
    const decisions: AllowedShare[] = [];
    for await (const page of peopleInScope(trx, gate.searchScope)) {
      for (const row of page) {
        const decision = gate.decisionAt(row.jurisdiction_path);
        // The search scope lies inside the grants, so every row has one; a row without would be a bug, not a leak.
        if (!decision.allowed) throw new Error(`person ${row.id} was exported without a grant covering it`);
        const record = exportRecord(row, gate.share(decision, personRecord(row)));
        lines.push(columns.map((c) => exportCell(c, record, catalogue)));
        ids.push(row.id);
        decisions.push(decision);
      }
    }
    // Written even for an empty export: the attempt and its grants are part of the record.
    await appendAudit(trx, deps.clock, {
      actor: gate.searchScope.actor,
      role: gate.searchScope.role,
      scope: gate.searchScope.paths.join(','),
      action,
      targetType: 'person',
      targetIds: ids,
      purpose: gate.purpose,
      ip: ctx.ip,
      requestId: ctx.requestId,
      outcome: 'allowed',
      details: {
        ...gate.readDetails(decisions),
        rowCount: ids.length,
        profile: request.profile,
        format: request.format,
        jurisdiction: request.jurisdiction ?? null,
        masked: [...new Set(decisions.flatMap((d) => d.masked))],
        withheld: [...new Set(decisions.flatMap((d) => d.withheld))],
      },
    });
    return { lines, ids };
  });

  const rows = [columns.map((c) => c.header), ...lines];
  const base = `${parsed.profile.id}-${deps.clock.now().toISOString().slice(0, 10)}`;
  return request.format === 'xlsx'
    ? {
        fileName: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes: await toXlsx([{ name: parsed.profile.source.name.slice(0, 31), rows, headerRow: true }]),
        rowCount: ids.length,
      }
    : { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', bytes: toCsv(rows, { neutraliseFormulas: true }), rowCount: ids.length };
}

/**
 * The shared person fields, and the dwelling and household fields a profile
 * may ask for: the dwelling's only when the grant shows where the person
 * lives, the household number only when it shows the household. The community
 * is the jurisdiction the grant is over, and always shown.
 */
function exportRecord(row: ExportPersonRow, shared: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { ...shared, 'dwelling.community': row.community_code };
  if ('person.living_dwelling' in shared) {
    Object.assign(record, {
      'dwelling.address': row.address,
      'dwelling.compound': row.compound,
      'dwelling.building': row.building,
      'dwelling.unit': row.unit,
      'dwelling.room': row.room,
    });
  }
  if ('person.household' in shared) record['household.number'] = row.household_number;
  return record;
}
