// Data sharing end to end: grants managed by the data steward, departments
// reading people (API token or UI session) only under a grant that covers the
// fields, purpose, subtree and period, every read and denial audited, the bulk
// export in the department's own format, and the resident's "who used my data".
import { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { sampleProfile } from '../support/imports.js';
import type { RequestContext } from '../../src/kernel/access/access.js';
import { openTable, toCsv, toXlsx, type Cell } from '../../src/lib/tabular.js';
import { exportForDepartment, type ExportRequest } from '../../src/modules/exchange/sharing/export.js';
import { findApiTokens } from '../../src/modules/org/repo.js';

const DISTRICT = '330106';
const BEISHAN = '330106002';
const COMMUNITY_A = '330106002051';
const COMMUNITY_B = '330106002052';
const XIXI = '330106004';
const ID_MASK = /^\d{6}\*{8}[\dX]{4}$/;

interface Person {
  id: string;
  name: string;
  idNumber: string | null;
  birthDate: string | null;
  phone: string | null;
  tags: string[];
  communityCode: string;
  dwellingId: string | null;
  share?: { grants: Array<{ id: string; legalBasis: string }>; masked: string[]; withheld: string[] };
}

describe.skipIf(!backendAvailable())('data sharing with departments', () => {
  let t: TestApp;
  let steward: Caller;
  let admin: Caller;
  const tokens: Record<string, string> = {};

  /** A department system's call: Bearer token and declared purpose. */
  const asDepartment = (department: string, url: string, purpose = 'service_delivery') =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[department]}`, 'x-purpose': purpose } });

  const lastAudit = (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();

  /** The first person (by id) with an ID number in a community, or a street when given its code. */
  const personIn = async (communityCode: string, where: (p: { id: string; tags: string[]; phone: string | null }) => boolean = () => true) => {
    const rows = await t.database.db
      .selectFrom('people as p')
      .innerJoin('dwellings as d', 'd.id', 'p.dwelling_id')
      .select(['p.id', 'p.tags', 'p.id_number', 'p.name', 'p.phone', 'p.birth_date', 'd.community_code'])
      .where('d.community_code', 'like', `${communityCode}%`)
      .where('p.id_number', 'is not', null)
      .orderBy('p.id')
      .execute();
    const found = rows.find(where);
    if (!found) throw new Error(`the demo template has no such person in ${communityCode}`);
    return found;
  };

  /** The export service called as a department system's token calls it, in pages of `pageSize`. */
  const exportAs = async (department: string, request: ExportRequest, pageSize: number, purpose: RequestContext['purpose'] = 'service_delivery') => {
    const { token_hash } = await t.database.db.selectFrom('api_tokens').select('token_hash').where('name', '=', `${department} system`).executeTakeFirstOrThrow();
    const token = (await findApiTokens(t.database.db, [token_hash])).get(token_hash)!;
    const ctx: RequestContext = {
      actor: { kind: 'token', id: token.id, name: `token:${token.name}`, grants: token.grants },
      purpose,
      ip: null,
      requestId: null,
    };
    return exportForDepartment({ db: t.database.db, clock: t.clock }, ctx, request, { pageSize });
  };

  /** The export entries written after `afterId`, oldest first. */
  const exportEntriesAfter = (afterId: number) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'sharing.export').where('id', '>', afterId).orderBy('id').execute();

  const lastAuditId = async () => Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);

  const grantOf = async (department: string) =>
    (await t.database.db
      .selectFrom('share_grants as g')
      .innerJoin('departments as d', 'd.id', 'g.department_id')
      .select(['g.id', 'g.legal_basis'])
      .where('d.code', '=', department)
      .executeTakeFirstOrThrow());

  beforeAll(async () => {
    t = await createTestApp();
    [steward, admin] = await Promise.all([t.login('steward'), t.login('admin')]);
    for (const department of ['XH-MZ', 'XH-WJ', 'XH-CG', 'XH-LD', 'XH-JY']) {
      const created = await admin.post('/api/v1/tokens', {
        name: `${department} system`,
        grants: [{ role: 'department_staff', jurisdictionCode: DISTRICT, departmentCode: department }],
      });
      expect(created.statusCode, created.body).toBe(201);
      tokens[department] = created.json().secret;
    }
  });
  afterAll(() => t?.close());

  describe('grants management', () => {
    it('lists the demo grants with their status, to the steward and the auditor', async () => {
      const listed = await steward.get('/api/v1/sharing/grants');
      expect(listed.statusCode, listed.body).toBe(200);
      const byDepartment = Object.fromEntries((listed.json().items as Array<{ department: { code: string }; status: string }>).map((g) => [g.department.code, g.status]));
      expect(byDepartment).toEqual({ 'XH-CG': 'active', 'XH-LD': 'expired', 'XH-MZ': 'active', 'XH-WJ': 'active' });
      expect((await (await t.login('auditor')).get('/api/v1/sharing/grants')).statusCode).toBe(200);
    });

    it('creates a grant, audited, and refuses one naming an unknown field, with the field named', async () => {
      const body = {
        departmentCode: 'XH-TY',
        fields: ['person.name', 'person.phones', 'person.tags'],
        purpose: 'service_delivery',
        legalBasis: '《退役军人保障法》第十四条',
        jurisdictionCode: XIXI,
        validFrom: '2026-01-01T00:00:00+08:00',
        validUntil: '2027-01-01T00:00:00+08:00',
      };
      const created = await steward.post('/api/v1/sharing/grants', body);
      expect(created.statusCode, created.body).toBe(201);
      const entry = await lastAudit('grant.create');
      expect(entry).toMatchObject({ actor: 'steward', target_ids: [created.json().id], outcome: 'allowed' });
      expect(entry.details).toMatchObject({ department: 'XH-TY', fields: body.fields, jurisdiction: XIXI });

      const bad = await steward.post('/api/v1/sharing/grants', { ...body, fields: ['person.name', 'person.salary'] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('person.salary');
      const backwards = await steward.post('/api/v1/sharing/grants', { ...body, validUntil: body.validFrom });
      expect(backwards.json().error.details.issues).toEqual([{ path: 'validUntil', message: 'must be after validFrom' }]);
    });

    it('lets only the steward or the administrator grant', async () => {
      const department = await t.login('department');
      const response = await department.post('/api/v1/sharing/grants', {
        departmentCode: 'XH-CG',
        fields: ['person.id_number'],
        purpose: 'case_handling',
        legalBasis: 'x',
        jurisdictionCode: DISTRICT,
        validFrom: '2026-01-01T00:00:00+08:00',
        validUntil: '2027-01-01T00:00:00+08:00',
      });
      expect(response.statusCode).toBe(403);
    });

    it('shows a department system its own grants, and the grantable fields to the steward', async () => {
      const own = (await asDepartment('XH-MZ', '/api/v1/sharing/grants/own')).json().items as Array<{ department: { code: string } }>;
      expect(own.map((g) => g.department.code)).toEqual(['XH-MZ']);
      const fields = (await steward.get('/api/v1/sharing/fields')).json().items as Array<{ key: string; maskable: boolean }>;
      expect(fields).toEqual(expect.arrayContaining([{ key: 'person.tags.low_income', name: expect.any(String), nameEn: expect.any(String), sensitivity: 'sensitive', maskable: false }]));
      expect(fields.find((f) => f.key === 'person.id_number')?.maskable).toBe(true);
    });
  });

  describe('reads under a grant', () => {
    it('returns the granted fields of people in the granted subtree, and audits the read with purpose and grant', async () => {
      const response = await asDepartment('XH-MZ', '/api/v1/people?limit=200');
      expect(response.statusCode, response.body).toBe(200);
      const people = response.json().items as Person[];
      expect(people.length).toBeGreaterThan(0);
      // Only 北山街道, the grant's subtree, although the token's role covers the district.
      expect(people.every((p) => p.communityCode.startsWith(BEISHAN))).toBe(true);
      const grant = await grantOf('XH-MZ');
      for (const p of people) {
        expect(p.share?.grants).toEqual([{ id: grant.id, legalBasis: grant.legal_basis }]);
        if (p.idNumber) expect(p.idNumber).not.toMatch(/\*/);
      }
      const entry = await lastAudit('person.search');
      expect(entry).toMatchObject({ actor: 'token:XH-MZ system', outcome: 'allowed', purpose: 'service_delivery', target_ids: people.map((p) => p.id) });
      expect(entry.details).toMatchObject({ department: { code: 'XH-MZ' }, grants: [grant.id], legalBasis: [grant.legal_basis] });
    });

    it('limits a read to the granted fields: identifying fields masked, the rest withheld', async () => {
      // 城管 may have names and phones for case handling; nothing else.
      const person = await personIn(COMMUNITY_A, (p) => p.tags.length > 0);
      const response = await asDepartment('XH-CG', `/api/v1/people/${person.id}`, 'case_handling');
      expect(response.statusCode, response.body).toBe(200);
      const shown = response.json() as Person & { fields: Array<{ field: string }>; dwellings: unknown[] };
      expect(shown.name).toBe(person.name);
      expect(shown.phone).toBe(person.phone);
      expect(shown.idNumber).toMatch(ID_MASK);
      expect(shown.birthDate).toBeNull();
      expect(shown.tags).toEqual([]);
      expect(shown.dwellingId).toBeNull();
      expect(shown.dwellings).toEqual([]);
      expect(shown.fields.map((f) => f.field).every((f) => ['person.name', 'person.phones'].includes(f))).toBe(true);
      expect(shown.share?.masked).toEqual(['person.id_number']);
      expect(shown.share?.withheld).toEqual(expect.arrayContaining(['person.birth_date', 'person.tags', 'person.disability_grade']));
      expect(response.body).not.toContain(person.id_number!);
      expect(response.body).not.toContain(person.birth_date!);
    });

    it('never shows a sensitive tag the grant does not name', async () => {
      // 民政's grant names 低保 but not 残疾人 (disability): the one is shown, the other left out.
      const poor = await personIn(BEISHAN, (p) => p.tags.includes('low_income'));
      expect(((await asDepartment('XH-MZ', `/api/v1/people/${poor.id}`)).json() as Person).tags).toContain('low_income');
      const disabled = await personIn(BEISHAN, (p) => p.tags.includes('disabled'));
      const shown = (await asDepartment('XH-MZ', `/api/v1/people/${disabled.id}`)).json() as Person;
      expect(shown.tags).not.toContain('disabled');
      expect(shown.tags).toEqual(disabled.tags.filter((tag) => tag !== 'disabled'));
      // 城管's grant names no tags at all.
      expect(((await asDepartment('XH-CG', `/api/v1/people/${poor.id}`, 'case_handling')).json() as Person).tags).toEqual([]);
    });

    it('puts department staff in the UI through the same grant check', async () => {
      const department = await t.login('department');
      const response = await department.get('/api/v1/people?limit=5', 'case_handling');
      expect(response.statusCode, response.body).toBe(200);
      const people = response.json().items as Person[];
      expect(people.length).toBeGreaterThan(0);
      for (const p of people) {
        expect(p.share?.grants[0].id).toBe((await grantOf('XH-CG')).id);
        if (p.idNumber) expect(p.idNumber).toMatch(ID_MASK);
        expect(p.birthDate).toBeNull();
      }
      const denied = await department.get('/api/v1/people?limit=5', 'service_delivery');
      expect(denied.json().error.code).toBe('sharing.purpose_mismatch');
    });

    const expectDenial = async (response: LightMyRequestResponse, reason: string, actor: string) => {
      expect(response.statusCode, response.body).toBe(403);
      const error = response.json().error;
      expect(error.code).toBe(`sharing.${reason}`);
      expect(error.message.length).toBeGreaterThan(20);
      const entry = await t.database.db.selectFrom('audit_log').selectAll().where('outcome', '=', 'denied').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor, action: expect.stringMatching(/^person\.|^sharing\./) });
      expect(entry.details).toMatchObject({ shareReason: reason });
    };

    it('denies an expired grant, naming the reason, and audits the denial', async () => {
      const response = await asDepartment('XH-LD', '/api/v1/people?limit=5');
      await expectDenial(response, 'expired', 'token:XH-LD system');
      expect(response.json().error.message).toContain('expired');
    });

    it('denies a department without a grant, and one asking for another purpose', async () => {
      await expectDenial(await asDepartment('XH-JY', '/api/v1/people?limit=5'), 'no_grant', 'token:XH-JY system');
      await expectDenial(await asDepartment('XH-MZ', '/api/v1/people?limit=5', 'statistics'), 'purpose_mismatch', 'token:XH-MZ system');
    });

    it('denies people outside the granted subtree, by search and by id', async () => {
      await expectDenial(await asDepartment('XH-WJ', `/api/v1/people?jurisdiction=${COMMUNITY_B}`), 'wrong_scope', 'token:XH-WJ system');
      const elsewhere = await personIn(COMMUNITY_B);
      const response = await asDepartment('XH-WJ', `/api/v1/people/${elsewhere.id}`);
      await expectDenial(response, 'wrong_scope', 'token:XH-WJ system');
      expect(response.body).not.toContain(elsewhere.name);
      const entry = await t.database.db.selectFrom('audit_log').selectAll().where('outcome', '=', 'denied').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(entry.target_ids).toEqual([elsewhere.id]);
    });

    it('narrows a search to a jurisdiction inside the grant', async () => {
      const people = (await asDepartment('XH-MZ', `/api/v1/people?limit=200&jurisdiction=${COMMUNITY_B}`)).json().items as Person[];
      expect(people.length).toBeGreaterThan(0);
      expect(people.every((p) => p.communityCode === COMMUNITY_B)).toBe(true);
    });
  });

  describe('bulk export in the department\'s format', () => {
    const CG_PROFILE = `version: 1
id: xh-cg-contacts
name: 城管联系人
source: { department: XH-CG, dataset: contacts, name: 联系人名册 }
columns:
  - { column: 姓名, field: person.name }
  - { column: 公民身份号码, field: person.id_number }
  - { column: 出生日期, field: person.birth_date, dateFormats: [chinese] }
  - { column: 手机, field: person.phones }
`;
    const MZ_PROFILE = `version: 1
id: xh-mz-roster
name: 民政对象花名册
source: { department: XH-MZ, dataset: roster, name: 民政对象花名册 }
columns:
  - { column: 姓名, field: person.name }
  - { column: 身份证号, field: person.id_number }
  - { column: 性别, field: person.sex, values: { '1': male, '2': female } }
  - { column: 出生日期, field: person.birth_date, dateFormats: [yyyymmdd] }
  - { column: 类别, field: person.tags, separator: '；', values: { 低保对象: low_income, 高龄津贴: elderly_80 } }
  - { column: 现住址, field: dwelling.address }
  - { column: 社区, field: dwelling.community }
`;

    const rowsOf = async (bytes: Buffer) => {
      const table = await openTable({ bytes });
      const rows: Cell[][] = [];
      for await (const row of table.rows) rows.push(row.cells);
      return { header: table.header, rows, encoding: table.encoding };
    };

    beforeAll(async () => {
      for (const text of [CG_PROFILE, MZ_PROFILE, sampleProfile('civil-affairs')]) {
        const saved = await steward.post('/api/v1/mapping-profiles', { text });
        expect(saved.statusCode, saved.body).toBe(201);
      }
    });

    it('writes CSV with BOM in the department\'s columns, codes and date format, one audited action with the row count', async () => {
      const response = await asDepartment('XH-MZ', '/api/v1/sharing/export?profile=xh-mz-roster&format=csv');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-disposition']).toContain('xh-mz-roster');
      const bytes = response.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const { header, rows } = await rowsOf(bytes);
      expect(header).toEqual(['姓名', '身份证号', '性别', '出生日期', '类别', '现住址', '社区']);

      const inStreet = await t.database.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('jurisdiction_path', '~', `*.${BEISHAN}.*`).executeTakeFirstOrThrow();
      expect(rows.length).toBe(Number(inStreet.n));
      expect(response.headers['x-row-count']).toBe(String(rows.length));

      const poor = await personIn(BEISHAN, (p) => p.tags.includes('low_income'));
      const row = rows.find((r) => r[1] === poor.id_number)!;
      expect(row).toBeDefined();
      expect(row[0]).toBe(poor.name);
      expect(['1', '2']).toContain(row[2]);
      expect(row[3]).toBe(poor.birth_date!.replaceAll('-', ''));
      expect(String(row[4]).split('；')).toContain('低保对象');
      expect(row[6]).toBe(poor.community_code);
      expect(rows.every((r) => String(r[6]).startsWith(BEISHAN))).toBe(true);

      const entry = await lastAudit('sharing.export');
      expect(entry).toMatchObject({ actor: 'token:XH-MZ system', purpose: 'service_delivery', outcome: 'allowed', target_type: 'person' });
      expect(entry.target_ids).toHaveLength(rows.length);
      expect(entry.details).toMatchObject({ rowCount: rows.length, profile: 'xh-mz-roster', format: 'csv', department: { code: 'XH-MZ' } });
    });

    it('writes XLSX with ungranted identifying fields masked and the rest left empty', async () => {
      const department = await t.login('department');
      const response = await department.request({ method: 'GET', url: '/api/v1/sharing/export?profile=xh-cg-contacts&format=xlsx&jurisdiction=330106002051', purpose: 'case_handling' });
      expect(response.statusCode, response.body).toBe(200);
      const { header, rows } = await rowsOf(response.rawPayload);
      expect(header).toEqual(['姓名', '公民身份号码', '出生日期', '手机']);
      expect(rows.length).toBeGreaterThan(0);
      const person = await personIn(COMMUNITY_A, (p) => p.phone !== null);
      const row = rows.find((r) => r[0] === person.name && r[3] === person.phone)!;
      expect(row).toBeDefined();
      expect(row[1]).toMatch(ID_MASK);
      expect(row[2] ?? null).toBeNull();
      expect(rows.every((r) => r[1] === null || ID_MASK.test(String(r[1])))).toBe(true);
      expect((await lastAudit('sharing.export')).details).toMatchObject({ masked: ['person.id_number'], withheld: expect.arrayContaining(['person.birth_date']) });
    });

    it('audits a page at a time, each page before its rows are sent, naming together exactly the people exported', async () => {
      const before = await lastAuditId();
      const file = await exportAs('XH-MZ', { profile: 'xh-mz-roster', format: 'csv', jurisdiction: BEISHAN }, 50);
      // At every write: how many rows had been sent, and how many people had been audited by then.
      const writes: Array<{ rowsSent: number; audited: number }> = [];
      const sent: Buffer[] = [];
      await pipeline(
        file.body,
        new Writable({
          // One write at a time: the export cannot run ahead of what this reader has checked.
          highWaterMark: 1,
          write(chunk: Buffer, _encoding, done) {
            sent.push(chunk);
            const rowsSent = Buffer.concat(sent).toString('utf8').split('\r\n').length - 2;
            exportEntriesAfter(before).then(
              (entries) => {
                writes.push({ rowsSent, audited: entries.flatMap((e) => e.target_ids).length });
                done();
              },
              done,
            );
          },
        }),
      );

      const people = await t.database.db.selectFrom('people').select('id').where('jurisdiction_path', '~', `*.${BEISHAN}.*`).orderBy('id').execute();
      expect(people.length).toBeGreaterThan(100);
      expect(file.rowCount).toBe(people.length);
      const entries = await exportEntriesAfter(before);
      expect(entries).toHaveLength(Math.ceil(people.length / 50));
      expect(entries.flatMap((e) => e.target_ids)).toEqual(people.map((p) => p.id));
      expect(entries.map((e) => e.details)).toEqual(
        entries.map((_e, i) =>
          expect.objectContaining({ page: i + 1, rowCount: Math.min((i + 1) * 50, people.length), profile: 'xh-mz-roster', format: 'csv', department: expect.objectContaining({ code: 'XH-MZ' }) }),
        ),
      );
      expect(entries.every((e) => e.actor === 'token:XH-MZ system' && e.purpose === 'service_delivery' && e.outcome === 'allowed')).toBe(true);
      expect(writes.length).toBeGreaterThan(1);
      expect(writes.every((w) => w.audited >= w.rowsSent)).toBe(true);
      expect(writes.at(-1)).toEqual({ rowsSent: people.length, audited: people.length });
    });

    it('writes CSV and XLSX page by page exactly as the whole-file writers write the same rows, masked alike', async () => {
      for (const [department, request, purpose] of [
        ['XH-MZ', { profile: 'xh-mz-roster', jurisdiction: BEISHAN }, 'service_delivery'],
        ['XH-MZ', { profile: 'xh-mz-assistance', jurisdiction: COMMUNITY_A }, 'service_delivery'],
        ['XH-CG', { profile: 'xh-cg-contacts', jurisdiction: COMMUNITY_A }, 'case_handling'],
      ] as const) {
        const csv = await buffer((await exportAs(department, { ...request, format: 'csv' }, 40, purpose)).body);
        const xlsx = await buffer((await exportAs(department, { ...request, format: 'xlsx' }, 40, purpose)).body);
        const streamed = new ExcelJS.Workbook();
        await streamed.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
        const sheet = streamed.worksheets[0];
        const width = sheet.getRow(1).cellCount;
        const rows: Cell[][] = [];
        sheet.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: width }, (_, i) => (row.getCell(i + 1).value as Cell) ?? null)));
        expect(rows.length).toBeGreaterThan(40);
        if (department === 'XH-CG') {
          const idNumbers = rows.slice(1).map((r) => r[1]).filter((c) => c !== null);
          expect(idNumbers.length).toBeGreaterThan(0);
          expect(idNumbers.every((c) => ID_MASK.test(String(c)))).toBe(true);
        }

        // The CSV is, byte for byte and BOM included, what toCsv writes for the rows of the XLSX.
        expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(csv.equals(toCsv(rows, { neutraliseFormulas: true }))).toBe(true);
        // The XLSX is, cell by cell, what toXlsx writes for them: header bold and frozen.
        const built = new ExcelJS.Workbook();
        await built.xlsx.load((await toXlsx([{ name: sheet.name, rows, headerRow: true }])) as unknown as ExcelJS.Buffer);
        const reference = built.worksheets[0];
        expect(sheet.views).toEqual(reference.views);
        expect(sheet.getRow(1).getCell(1).font).toEqual(reference.getRow(1).getCell(1).font);
        expect(sheet.rowCount).toBe(reference.rowCount);
        rows.forEach((row, r) => row.forEach((_c, c) => expect(sheet.getRow(r + 1).getCell(c + 1).value).toEqual(reference.getRow(r + 1).getCell(c + 1).value)));
        // And both are what the export answers over HTTP in one page.
        const whole = await asDepartment(department, `/api/v1/sharing/export?profile=${request.profile}&format=csv&jurisdiction=${request.jurisdiction}`, purpose);
        expect(whole.rawPayload.equals(csv)).toBe(true);
      }
    });

    it('has audited at least every row it sent when the reader fails midway', async () => {
      const before = await lastAuditId();
      const file = await exportAs('XH-MZ', { profile: 'xh-mz-roster', format: 'csv', jurisdiction: BEISHAN }, 10);
      const accepted: Buffer[] = [];
      const reader = new Writable({
        highWaterMark: 1,
        write(chunk: Buffer, _encoding, done) {
          accepted.push(chunk);
          // The connection drops as the third write arrives: the header, then two pages.
          done(accepted.length === 3 ? new Error('connection reset by peer') : undefined);
        },
      });
      await expect(pipeline(file.body, reader)).rejects.toThrow('connection reset by peer');
      // The pipeline gives up before the file has: the page it was reading when the reader failed is read and audited, then it stops.
      if (!file.body.closed) await new Promise((closed) => file.body.once('close', closed));

      const { rows } = await rowsOf(Buffer.concat(accepted));
      expect(rows.length).toBe(20);
      const entries = await exportEntriesAfter(before);
      const audited = entries.flatMap((e) => e.target_ids);
      expect(audited.length).toBeGreaterThanOrEqual(rows.length);
      const auditedIdNumbers = new Set(
        (await t.database.db.selectFrom('people').select('id_number').where('id', 'in', audited).execute()).map((p) => p.id_number),
      );
      expect(rows.filter((r) => r[1] !== null).every((r) => auditedIdNumbers.has(String(r[1])))).toBe(true);
      // It stopped: beyond the page in hand when the reader failed, nothing more was read or audited.
      expect(audited.length).toBeLessThanOrEqual(rows.length + 10);
      const inStreet = await t.database.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('jurisdiction_path', '~', `*.${BEISHAN}.*`).executeTakeFirstOrThrow();
      expect(audited.length).toBeLessThan(Number(inStreet.n));
    });

    it('audits an empty export once, as the attempt', async () => {
      const street = await t.database.db.selectFrom('jurisdictions').select('path').where('code', '=', BEISHAN).executeTakeFirstOrThrow();
      const empty = `${BEISHAN}099`;
      await t.database.db.insertInto('jurisdictions').values({ code: empty, name: '新建社区', level: 'community', parent_code: BEISHAN, path: `${street.path}.${empty}`, boundary: null }).execute();
      const before = await lastAuditId();
      const file = await exportAs('XH-MZ', { profile: 'xh-mz-roster', format: 'csv', jurisdiction: empty }, 50);
      const { header, rows } = await rowsOf(await buffer(file.body));
      expect(header).toEqual(['姓名', '身份证号', '性别', '出生日期', '类别', '现住址', '社区']);
      expect(rows).toEqual([]);
      expect(file.rowCount).toBe(0);
      const entries = await exportEntriesAfter(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ target_ids: [], outcome: 'allowed', details: expect.objectContaining({ page: 1, rowCount: 0, profile: 'xh-mz-roster' }) });
    });

    it('refuses another department\'s format, an unknown one and an export without a grant, in JSON before any byte of a file', async () => {
      const foreign = await asDepartment('XH-CG', '/api/v1/sharing/export?profile=xh-mz-assistance', 'case_handling');
      expect(foreign.statusCode).toBe(403);
      expect(foreign.headers['content-type']).toContain('application/json');
      expect(foreign.json().error.code).toBe('sharing.foreign_profile');
      expect(await lastAudit('sharing.export')).toMatchObject({ outcome: 'denied', target_ids: ['xh-mz-assistance'] });
      const expired = await asDepartment('XH-LD', '/api/v1/sharing/export?profile=xh-mz-assistance');
      expect(expired.json().error.code).toBe('sharing.expired');
      const unknown = await asDepartment('XH-MZ', '/api/v1/sharing/export?profile=no-such-format');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/json');
    });

    it('exports in the civil-affairs sample format, tags through its value map', async () => {
      const response = await asDepartment('XH-MZ', '/api/v1/sharing/export?profile=xh-mz-assistance&format=xlsx');
      expect(response.statusCode, response.body).toBe(200);
      const { header, rows } = await rowsOf(response.rawPayload);
      expect(header).toEqual(['姓名', '身份证号', '性别', '出生年月日', '联系方式', '居住地址', '所属社区代码', '服务对象类别']);
      const old = await personIn(BEISHAN, (p) => p.tags.includes('elderly_80'));
      const row = rows.find((r) => r[1] === old.id_number)!;
      expect(String(row[7])).toContain('高龄津贴');
      expect(row[3]).toBe(old.birth_date);
    });
  });

  describe("the resident's view of who used their data", () => {
    let resident: Caller;
    let residentPerson: string;

    beforeAll(async () => {
      resident = await t.login('resident');
      residentPerson = (await t.database.db.selectFrom('resident_people').innerJoin('users', 'users.id', 'resident_people.user_id').select('person_id').where('users.username', '=', 'resident').executeTakeFirstOrThrow()).person_id;
    });

    it('shows the department that read their record, when, why and on what legal basis', async () => {
      expect((await asDepartment('XH-MZ', `/api/v1/people/${residentPerson}`)).statusCode).toBe(200);
      const response = await resident.get('/api/v1/me/data-access');
      expect(response.statusCode, response.body).toBe(200);
      const items = response.json().items as Array<Record<string, unknown>>;
      const grant = await grantOf('XH-MZ');
      expect(items[0]).toMatchObject({
        action: 'person.get',
        purpose: 'service_delivery',
        actor: 'token:XH-MZ system',
        department: { code: 'XH-MZ', name: '西湖区民政局' },
        legalBasis: [grant.legal_basis],
        at: '2026-11-30T02:00:00.000Z',
      });
      // The searches above that listed them are there too, and a community's read names the community.
      expect(items.some((i) => i.action === 'person.search' && (i.department as { code: string } | null)?.code === 'XH-MZ')).toBe(true);
    });

    it('names the office of staff who read the record', async () => {
      const community = await t.login('community');
      expect((await community.get(`/api/v1/people/${residentPerson}`, 'case_handling')).statusCode).toBe(200);
      const [latest] = (await resident.get('/api/v1/me/data-access')).json().items;
      expect(latest).toMatchObject({ action: 'person.get', purpose: 'case_handling', actor: 'community', role: 'community_staff', department: null, office: '上保社区' });
    });

    it("never shows another resident's entries, nor the other people a search returned", async () => {
      const other = await personIn(COMMUNITY_A, (p) => p.id !== residentPerson);
      const before = (await resident.get('/api/v1/me/data-access?limit=200')).json().items.length;
      expect((await asDepartment('XH-MZ', `/api/v1/people/${other.id}`)).statusCode).toBe(200);
      const after = await resident.get('/api/v1/me/data-access?limit=200');
      expect(after.json().items.length).toBe(before);
      // Searches list many people at once: none of the others' ids or names reach the resident.
      expect(after.body).not.toContain(other.id);
      expect(after.body).not.toContain(other.name);

      // A second resident, linked to that person, sees the read of their record and none of the first resident's.
      const created = await admin.post('/api/v1/users', {
        username: 'resident2',
        displayName: '居民 二',
        password: 'Demo@2026x',
        grants: [{ role: 'resident', jurisdictionCode: COMMUNITY_A }],
      });
      expect(created.statusCode, created.body).toBe(201);
      await t.database.db.insertInto('resident_people').values({ user_id: created.json().id, person_id: other.id, verified_at: t.clock.now() }).execute();
      const second = await t.login('resident2', 'Demo@2026x');
      const theirs = (await second.get('/api/v1/me/data-access?limit=200')).json().items as Array<{ id: string; action: string; department: { code: string } | null }>;
      expect(theirs[0]).toMatchObject({ action: 'person.get', department: { code: 'XH-MZ' } });
      const readsOfFirst = await t.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'person.get')
        .where(sql<boolean>`target_ids = ARRAY[${residentPerson}]::text[]`)
        .execute();
      expect(readsOfFirst.length).toBeGreaterThan(0);
      const theirIds = new Set(theirs.map((i) => i.id));
      expect(readsOfFirst.filter((r) => theirIds.has(String(r.id)))).toEqual([]);
    });

    it('finds the one page of a paged export that held their record', async () => {
      const exportsIn = async () =>
        ((await resident.get('/api/v1/me/data-access?limit=200')).json().items as Array<Record<string, unknown>>).filter((i) => i.action === 'sharing.export');
      const before = await exportsIn();
      await buffer((await exportAs('XH-MZ', { profile: 'xh-mz-roster', format: 'csv', jurisdiction: BEISHAN }, 10)).body);
      const after = await exportsIn();
      expect(after).toHaveLength(before.length + 1);
      expect(after[0]).toMatchObject({
        action: 'sharing.export',
        purpose: 'service_delivery',
        actor: 'token:XH-MZ system',
        department: { code: 'XH-MZ', name: '西湖区民政局' },
        legalBasis: [(await grantOf('XH-MZ')).legal_basis],
      });
    });

    it('is for residents only', async () => {
      expect((await (await t.login('community')).get('/api/v1/me/data-access')).statusCode).toBe(403);
    });
  });

  describe('revocation', () => {
    it('ends access at once: the department is denied as having no grant', async () => {
      const grant = await grantOf('XH-WJ');
      const revoked = await steward.post(`/api/v1/sharing/grants/${grant.id}/revoke`, { reason: '家庭医生签约服务合同到期' });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().status).toBe('revoked');
      expect((await lastAudit('grant.revoke')).details).toMatchObject({ department: 'XH-WJ', reason: '家庭医生签约服务合同到期' });
      const response = await asDepartment('XH-WJ', '/api/v1/people?limit=5');
      expect(response.json().error.code).toBe('sharing.no_grant');
      const again = await steward.post(`/api/v1/sharing/grants/${grant.id}/revoke`, { reason: 'twice' });
      expect(again.statusCode).toBe(409);
    });
  });
});
