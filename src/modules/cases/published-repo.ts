// SQL for the public view of cases: public categories only, no reporter columns.
import { FINISHED_STATUSES } from './model.js';
import type { Db } from './case-repo.js';

export function publicCategories(db: Db) {
  return db
    .selectFrom('case_categories as c')
    .leftJoin('case_categories as p', 'p.code', 'c.parent_code')
    .select(['c.code', 'c.name', 'c.description', 'c.keywords', 'c.attributes', 'p.name as group_name'])
    .where('c.public', '=', true)
    .where('c.active', '=', true)
    .orderBy('c.sort_order')
    .orderBy('c.code')
    .execute();
}

export interface PublishedFilter {
  numbers?: string[];
  categoryCode?: string;
  from?: Date;
  to?: Date;
  /** Only open, or only closed; both when absent. */
  closed?: boolean;
  limit: number;
}

export function publishedCases(db: Db, filter: PublishedFilter) {
  let query = publishedQuery(db);
  if (filter.numbers) {
    query = query.where('c.number', 'in', filter.numbers.length ? filter.numbers : ['']);
  } else {
    if (filter.categoryCode) query = query.where('c.category_code', '=', filter.categoryCode);
    if (filter.from) query = query.where('c.submitted_at', '>=', filter.from);
    if (filter.to) query = query.where('c.submitted_at', '<=', filter.to);
    if (filter.closed !== undefined) query = query.where('c.status', filter.closed ? 'in' : 'not in', [...FINISHED_STATUSES]);
  }
  return query.orderBy('c.submitted_at', 'desc').orderBy('c.number', 'desc').limit(filter.limit).execute();
}

export function publishedCase(db: Db, number: string) {
  return publishedQuery(db).where('c.number', '=', number).executeTakeFirst();
}

export function caseNumberByToken(db: Db, token: string) {
  return db.selectFrom('cases').select(['number']).where('open311_token', '=', token).executeTakeFirst();
}

export function publicEvents(db: Db, filter: { numbers?: string[]; from?: Date; to?: Date; limit: number }) {
  let query = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .select(['e.id', 'e.at', 'e.action', 'e.to_status', 'e.note', 'c.number', 'c.status', 'c.media_url'])
    .where('e.public', '=', true)
    .where('cat.public', '=', true);
  if (filter.numbers) query = query.where('c.number', 'in', filter.numbers.length ? filter.numbers : ['']);
  if (filter.from) query = query.where('e.at', '>=', filter.from);
  if (filter.to) query = query.where('e.at', '<=', filter.to);
  return query.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(filter.limit).execute();
}

function publishedQuery(db: Db) {
  return db
    .selectFrom('cases as c')
    .innerJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .select([
      'c.number',
      'c.status',
      'c.category_code',
      'cat.name as category_name',
      'c.description',
      'c.unit_name',
      'c.submitted_at',
      'c.updated_at',
      'c.address',
      'c.address_id',
      'c.lat',
      'c.lon',
      'c.media_url',
      'c.limits',
      // The latest note published on the timeline: Open311's status_notes.
      (eb) =>
        eb
          .selectFrom('case_events as e')
          .select('e.note')
          .whereRef('e.case_id', '=', 'c.id')
          .where('e.public', '=', true)
          .where('e.note', 'is not', null)
          .orderBy('e.id', 'desc')
          .limit(1)
          .as('status_notes'),
      // When handling is due: Open311's expected_datetime.
      (eb) =>
        eb
          .selectFrom('case_deadlines as d')
          .select('d.due_at')
          .whereRef('d.case_id', '=', 'c.id')
          .where('d.stage', '=', 'handle')
          .where('d.met_at', 'is', null)
          .orderBy('d.due_at', 'desc')
          .limit(1)
          .as('expected_at'),
    ])
    .where('cat.public', '=', true);
}
export type PublishedRow = Awaited<ReturnType<typeof publishedCases>>[number];
