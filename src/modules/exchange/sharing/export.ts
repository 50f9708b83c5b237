/**
 * Bulk export for a department, in its own format (its mapping profile read
 * backwards), under its data-sharing grants: each row's fields are decided by
 * the grant covering the row — granted fields as they are, names, ID numbers
 * and phones masked, everything else left empty. The file streams: people are
 * read a page at a time, and each page is an audited read naming its people,
 * the row count so far and the grants, written before the page's rows go out —
 * so an export cut off midway has audited at least everything it sent.
 */
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../../app-deps.js';
import { recordDenial, type RequestContext } from '../../../kernel/access/access.js';
import { appendAudit } from '../../../kernel/audit/audit.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { csvStream, xlsxStream, type Cell } from '../../../lib/tabular.js';
import { countPeopleInScope, peopleInScope, type ExportPersonRow } from '../../registry/bulk-read.js';
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
  /** The people in scope when the export began; the audit entries name the ones actually read. */
  rowCount: number;
  /** The file, read from the registry page by page as it is consumed. */
  body: Readable;
}

export interface ExportOptions {
  /** People per page, and so per audit entry; the registry's bulk page when absent. */
  pageSize?: number;
}

export async function exportForDepartment(deps: Deps, ctx: RequestContext, request: ExportRequest, options: ExportOptions = {}): Promise<ExportFile> {
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
  const rowCount = await countPeopleInScope(deps.db, gate.searchScope);

  const auditPage = (page: number, ids: string[], rowsSoFar: number, decisions: AllowedShare[]) =>
    appendAudit(deps.db, deps.clock, {
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
        page,
        rowCount: rowsSoFar,
        profile: request.profile,
        format: request.format,
        jurisdiction: request.jurisdiction ?? null,
        masked: [...new Set(decisions.flatMap((d) => d.masked))],
        withheld: [...new Set(decisions.flatMap((d) => d.withheld))],
      },
    });

  async function* lines(): AsyncGenerator<Cell[][]> {
    yield [columns.map((c) => c.header)];
    let page = 0;
    let rowsSoFar = 0;
    for await (const people of peopleInScope(deps.db, gate.searchScope, options.pageSize)) {
      const cells: Cell[][] = [];
      const decisions: AllowedShare[] = [];
      for (const row of people) {
        const decision = gate.decisionAt(row.jurisdiction_path);
        // The search scope lies inside the grants, so every row has one; a row without would be a bug, not a leak.
        if (!decision.allowed) throw new Error(`person ${row.id} was exported without a grant covering it`);
        cells.push(columns.map((c) => exportCell(c, exportRecord(row, gate.share(decision, personRecord(row))), catalogue)));
        decisions.push(decision);
      }
      rowsSoFar += people.length;
      await auditPage(++page, people.map((p) => p.id), rowsSoFar, decisions);
      yield cells;
    }
    // Written even for an empty export: the attempt and its grants are part of the record.
    if (page === 0) await auditPage(1, [], 0, []);
  }

  const base = `${parsed.profile.id}-${deps.clock.now().toISOString().slice(0, 10)}`;
  return request.format === 'xlsx'
    ? {
        fileName: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        rowCount,
        body: xlsxStream({ name: parsed.profile.source.name.slice(0, 31), headerRow: true }, lines()),
      }
    : { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', rowCount, body: csvStream(lines(), { neutraliseFormulas: true }) };
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
