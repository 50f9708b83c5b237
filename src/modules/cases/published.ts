/**
 * What the public may know about cases (the Open311 GET interface): cases of
 * public categories, their status and public notes, the responsible unit and
 * the place — never who reported them, and nothing of personal livelihood
 * matters (categories marked not public).
 */
import type { AppDeps } from '../../app-deps.js';
import type { AttributeDefinition } from './attributes.js';
import { describeLimit } from './deadlines.js';
import { FINISHED_STATUSES, type CaseStatus, type StageLimit } from './model.js';
import * as repo from './published-repo.js';

type Deps = Pick<AppDeps, 'db'>;

export type PublicStatus = 'open' | 'closed';

function publicStatus(status: string): PublicStatus {
  return FINISHED_STATUSES.includes(status as CaseStatus) ? 'closed' : 'open';
}

export async function publicServices(deps: Deps) {
  return (await repo.publicCategories(deps.db)).map((r) => ({
    code: r.code,
    name: r.name,
    description: r.description,
    keywords: r.keywords,
    group: r.group_name ?? r.name,
    attributes: r.attributes as AttributeDefinition[],
  }));
}

export async function publishedRequests(deps: Deps, filter: Omit<repo.PublishedFilter, 'closed'> & { statuses?: PublicStatus[] }) {
  const { statuses, ...rest } = filter;
  const closed = statuses?.length === 1 ? statuses[0] === 'closed' : undefined;
  return (await repo.publishedCases(deps.db, { ...rest, closed })).map(presentPublished);
}

export async function publishedRequest(deps: Deps, number: string) {
  const row = await repo.publishedCase(deps.db, number);
  return row ? presentPublished(row) : null;
}

export function publishedRequestByToken(deps: Deps, token: string) {
  return repo.caseNumberByToken(deps.db, token);
}

/** Public timeline events of public cases: the request-updates extension. */
export async function publishedUpdates(deps: Deps, filter: { numbers?: string[]; from?: Date; to?: Date; limit: number }) {
  return (await repo.publicEvents(deps.db, filter)).map((r) => ({
    updateId: String(r.id),
    number: r.number,
    // The status the request had after this update.
    status: publicStatus(r.to_status ?? r.status),
    updatedAt: r.at,
    description: r.note ?? ACTION_NOTES[r.action] ?? r.action,
    mediaUrl: r.media_url,
  }));
}

function presentPublished(row: repo.PublishedRow) {
  const handle = (row.limits as { handle?: StageLimit }).handle;
  return {
    number: row.number,
    status: publicStatus(row.status),
    statusNotes: row.status_notes,
    serviceCode: row.category_code,
    serviceName: row.category_name,
    description: row.description,
    agencyResponsible: row.unit_name,
    serviceNotice: handle ? `处置时限：${describeLimit(handle)}` : null,
    requestedAt: row.submitted_at,
    updatedAt: row.updated_at,
    expectedAt: row.expected_at ? new Date(row.expected_at) : null,
    address: row.address,
    addressId: row.address_id,
    lat: row.lat,
    lon: row.lon,
    mediaUrl: row.media_url,
  };
}

const ACTION_NOTES: Record<string, string> = {
  submit: '已受理',
  register: '已立案',
  dispatch: '已派遣',
  sign_for: '承办单位已签收',
  start: '正在处置',
  handle: '已处置',
  verify: '已核查',
  confirm: '报告人已确认',
  close: '已结案',
  reopen: '已重新办理',
};
