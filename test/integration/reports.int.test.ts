// One-table reporting over HTTP on the demo district: the metric list with its
// duplicates and conflicts, who may define what, generating within one's
// scope, drill-down (masked, audited), fill-in tasks, importing a department's
// XLSX layout, exporting in the department's layout, and the report registry.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { multipart } from '../support/imports.js';
import { departmentSheet } from '../support/report-sheets.js';

const STREET = '330106002';
const COMMUNITY_A = '330106002051';
const COMMUNITY_B = '330106002052';
const REFERENCE_DATE = '2026-06-30';

interface Report {
  id: string;
  rows: Array<{ key: string; label: string; unitCode: string | null; values: Record<string, number | string | null> }>;
  total: Record<string, number | string | null> | null;
  columns: Array<{ key: string; label: string; path: string[]; metric: { code: string; version: number } | null; manual: unknown }>;
  tasks: Array<{ id: string; jurisdictionCode: string; status: string }>;
  layout: { title: string };
}

describe.skipIf(!backendAvailable())('one-table reporting', () => {
  let t: TestApp;
  let community: Caller;
  let community2: Caller;
  let street: Caller;
  let department: Caller;
  let steward: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [community, community2, street, department, steward] = await Promise.all(['community', 'community2', 'street', 'department', 'steward'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  const generate = async (caller: Caller, template: string, jurisdictionCode: string) => {
    const response = await caller.post('/api/v1/reports', { template, jurisdictionCode, referenceDate: REFERENCE_DATE });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Report;
  };

  describe('metrics', () => {
    it('lists every metric with its versions, and the duplicates and conflicts between departments', async () => {
      const response = await community.get('/api/v1/metrics');
      expect(response.statusCode).toBe(200);
      const { items, overlaps } = response.json() as { items: Array<{ code: string; versions: Array<{ version: number; statement: string }> }>; overlaps: unknown[] };
      expect(overlaps).toEqual(
        expect.arrayContaining([
          { kind: 'duplicate', metrics: ['mz_elderly_60', 'wj_elderly_60'] },
          { kind: 'duplicate', metrics: ['floating_population', 'ld_floating'] },
          { kind: 'conflict', metrics: ['mz_living_alone', 'wj_living_alone'] },
          { kind: 'conflict', metrics: ['cl_disabled', 'mz_disabled'] },
        ]),
      );
      const alone = items.find((m) => m.code === 'mz_living_alone')!;
      expect(alone.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(alone.versions[0].statement).toContain('所在户实际居住不超过1人');
    });

    it('lets department staff declare their own department’s metrics only, and names what they duplicate', async () => {
      const definition = { kind: 'measure', subject: 'people', where: [{ kind: 'residence', in: ['registered', 'floating'] }, { kind: 'age', min: 60 }] };
      const foreign = await department.post('/api/v1/metrics', { code: 'cg_elderly', name: '老年人', departmentCode: 'XH-MZ', validFrom: '2026-01-01', definition });
      expect(foreign.statusCode).toBe(403);
      const own = await department.post('/api/v1/metrics', { code: 'cg_elderly', name: '城管口径老年人', departmentCode: 'XH-CG', validFrom: '2026-01-01', definition });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json().overlaps).toEqual([{ kind: 'duplicate', metrics: ['cg_elderly', 'mz_elderly_60', 'wj_elderly_60'] }]);
      expect((await community.post('/api/v1/metrics', { code: 'sq_x', name: 'x', validFrom: '2026-01-01', definition })).statusCode).toBe(403);
    });

    it('rejects SQL, unknown tags and fields with errors that point at them', async () => {
      const bad = await steward.post('/api/v1/metrics', {
        code: 'bad_metric',
        name: 'bad',
        validFrom: '2026-01-01',
        definition: { kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['no_such_tag'] }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('unknown tags: no_such_tag');
      const sqlish = await steward.post('/api/v1/metrics', {
        code: 'sql_metric',
        name: 'sql',
        validFrom: '2026-01-01',
        definition: { kind: 'measure', subject: 'people', where: [{ kind: 'field', field: 'sex; DROP TABLE people', in: ['male'] }] },
      });
      expect(sqlish.statusCode).toBe(400);
      expect(sqlish.json().error.message).toMatch(/have no field/);
    });
  });

  describe('generating within one’s scope', () => {
    it('gives a community user only its own row of a street’s report', async () => {
      const report = await generate(community, 'MZ-ELDERLY', STREET);
      expect(report.rows.map((r) => r.unitCode)).toEqual([COMMUNITY_A]);
      expect(report.total!.elderly).toBe(report.rows[0].values.elderly);
      const byStreet = await generate(street, 'MZ-ELDERLY', STREET);
      expect(byStreet.rows.map((r) => r.unitCode)).toEqual([COMMUNITY_A, COMMUNITY_B, '330106002053', '330106002054']);
      expect(byStreet.rows[0].values).toMatchObject(Object.fromEntries(Object.entries(report.rows[0].values).filter(([k]) => !['home_care_visits', 'meal_service'].includes(k))));
    });

    it('refuses another community’s jurisdiction and hides another community’s reports', async () => {
      const refused = await community.post('/api/v1/reports', { template: 'MZ-ELDERLY', jurisdictionCode: COMMUNITY_B, referenceDate: REFERENCE_DATE });
      expect(refused.statusCode).toBe(404);
      const ofB = await generate(community2, 'LD-FLOAT', COMMUNITY_B);
      expect((await community.get(`/api/v1/reports/${ofB.id}`)).statusCode).toBe(404);
      expect((await community.get(`/api/v1/reports/${ofB.id}/export`)).statusCode).toBe(404);
      const listed = (await community.get('/api/v1/reports')).json().items as Array<{ id: string }>;
      expect(listed.map((r) => r.id)).not.toContain(ofB.id);
      expect(((await community2.get('/api/v1/reports')).json().items as Array<{ id: string }>).map((r) => r.id)).toContain(ofB.id);
    });

    it('cites each column’s definition version', async () => {
      const report = await generate(steward, 'MZ-ELDERLY', STREET);
      expect(report.columns.find((c) => c.key === 'alone')!.metric).toMatchObject({ code: 'mz_living_alone', version: 2 });
      expect(report.columns.find((c) => c.key === 'meal_service')!.metric).toBeNull();
    });
  });

  describe('drill-down', () => {
    it('lists the records behind a figure, masked, for the statistics purpose only, and audits every record shown', async () => {
      const report = await generate(community, 'MZ-ELDERLY', COMMUNITY_A);
      const url = `/api/v1/reports/${report.id}/records?row=${COMMUNITY_A}&column=elderly&limit=200`;
      expect((await community.get(url)).statusCode).toBe(403);
      expect((await community.get(url, 'case_handling')).statusCode).toBe(403);
      expect((await department.get(url, 'statistics')).statusCode).toBe(403);
      const response = await community.get(url, 'statistics');
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { figure: number; total: number; records: Array<{ id: string; label: string; idNumber: string; age: number }> };
      expect(body.total).toBe(body.figure);
      expect(body.records).toHaveLength(body.figure);
      for (const r of body.records) {
        expect(r.label).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
        expect(r.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
        expect(r.age).toBeGreaterThanOrEqual(60);
      }
      const audited = await t.database.db.selectFrom('audit_log').select(['target_ids', 'purpose', 'target_type']).where('action', '=', 'report.drill_down').where('outcome', '=', 'allowed').execute();
      expect(audited).toHaveLength(1);
      const refusals = await t.database.db.selectFrom('audit_log').select('purpose').where('action', '=', 'report.drill_down').where('outcome', '=', 'denied').execute();
      expect(refusals.map((r) => r.purpose).sort()).toEqual(['case_handling', 'statistics', null].sort());
      expect(audited[0]).toMatchObject({ purpose: 'statistics', target_type: 'person' });
      expect([...audited[0].target_ids].sort()).toEqual(body.records.map((r) => r.id).sort());
    });

    it('lists the households a distinct count counts', async () => {
      const report = await generate(street, 'MZ-ASSIST', STREET);
      const response = await street.get(`/api/v1/reports/${report.id}/records?row=total&column=households`, 'statistics');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ subject: 'households', total: report.total!.households });
    });
  });

  describe('fill-in tasks', () => {
    it('asks exactly the row units for the manual fields, shows their answers in the report', async () => {
      const report = await generate(street, 'TY-VETERAN', STREET);
      expect(report.tasks.map((task) => task.jurisdictionCode)).toEqual([COMMUNITY_A, COMMUNITY_B, '330106002053', '330106002054']);
      const mine = (await community.get('/api/v1/report-tasks?status=open')).json().items as Array<{ id: string; template: { code: string }; rows: Array<{ key: string }>; columns: Array<{ key: string }> }>;
      const task = mine.find((m) => m.template.code === 'TY-VETERAN')!;
      expect(task.rows.map((r) => r.key)).toEqual([COMMUNITY_A]);
      expect(task.columns.map((c) => c.key)).toEqual(['entitled', 'visits']);
      expect((await community2.get(`/api/v1/report-tasks/${task.id}`)).statusCode).toBe(404);

      const wrong = await community.post(`/api/v1/report-tasks/${task.id}/answers`, { answers: { [COMMUNITY_A]: { entitled: 3.5 } } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual([`answers.${COMMUNITY_A}.entitled`, `answers.${COMMUNITY_A}.visits`]);
      const done = await community.post(`/api/v1/report-tasks/${task.id}/answers`, { answers: { [COMMUNITY_A]: { entitled: 7, visits: 12 } } });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('submitted');

      const again = (await street.get(`/api/v1/reports/${report.id}`)).json() as Report;
      expect(again.rows[0].values).toMatchObject({ entitled: 7, visits: 12 });
      expect(again.rows[1].values).toMatchObject({ entitled: null, visits: null });
      expect(again.total).toMatchObject({ entitled: 7, visits: 12 });
      expect(again.tasks.find((task) => task.jurisdictionCode === COMMUNITY_A)!.status).toBe('submitted');
    });
  });

  describe('templates from spreadsheets, reports back to spreadsheets', () => {
    it('reads a department’s XLSX layout with merged headers and binds its columns', async () => {
      const { payload, headers } = multipart('老年人口.xlsx', await departmentSheet());
      const preview = await department.request({ method: 'POST', url: '/api/v1/report-templates/import?code=CG-ELDERLY&departmentCode=XH-CG&dryRun=true', payload, headers });
      expect(preview.statusCode, preview.body).toBe(200);
      const read = preview.json();
      expect(read.template).toBeNull();
      expect(read.detected).toMatchObject({ headerRows: [3, 4], rowLabels: ['上保社区', '宝石社区'], hasTotalRow: true });
      expect(read.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ column: 'c5', metric: expect.stringMatching(/living_alone/), score: 1 })]));

      const bindings = JSON.stringify({ c2: 'mz_elderly_60', c3: 'mz_elderly_60_male', c4: 'mz_elderly_60_female', c5: 'mz_living_alone' });
      const created = await department.request({
        method: 'POST',
        url: `/api/v1/report-templates/import?code=CG-ELDERLY&departmentCode=XH-CG&frequency=quarterly&bindings=${encodeURIComponent(bindings)}`,
        payload,
        headers,
      });
      expect(created.statusCode, created.body).toBe(201);
      const template = created.json().template;
      expect(template).toMatchObject({ code: 'CG-ELDERLY', name: '老年人口基本情况统计表', fields: 6, autoFields: 5, manualFields: 1 });
      expect(template.layout.columns[1]).toEqual({
        label: '60周岁及以上老年人',
        children: [
          { key: 'c2', label: '合计', metric: 'mz_elderly_60' },
          { key: 'c3', label: '男', metric: 'mz_elderly_60_male' },
          { key: 'c4', label: '女', metric: 'mz_elderly_60_female' },
        ],
      });
      const foreign = await department.request({ method: 'POST', url: '/api/v1/report-templates/import?code=MZ-X&departmentCode=XH-MZ', payload, headers });
      expect(foreign.statusCode).toBe(403);
    });

    it('exports a report in the department’s layout: title, merged headers, rows, totals, notes and the definitions sheet', async () => {
      const report = await generate(street, 'MZ-ELDERLY', STREET);
      const response = await street.get(`/api/v1/reports/${report.id}/export?format=xlsx`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.getCell('A1').value).toBe('老年人口基本情况统计表');
      // Three header rows (rows 3–5): 序号 and 社区 span them; the elderly group spans its eight columns.
      expect(sheet.model.merges).toEqual(expect.arrayContaining(['A1:Q1', 'A3:A5', 'B3:B5', 'C3:C5', 'D3:K3', 'D4:D5', 'E4:F4', 'G4:K4', 'P3:Q3']));
      expect([sheet.getCell('E5').value, sheet.getCell('F5').value]).toEqual(['男', '女']);
      expect(sheet.getCell('D4').note).toMatch(/mz_elderly_60 第1版/);
      expect(sheet.getCell('B6').value).toBe('上保社区');
      expect(sheet.getCell('D6').value).toBe(report.rows[0].values.elderly);
      expect(sheet.getCell('B10').value).toBe('合计');
      expect(sheet.getCell('D10').value).toBe(report.total!.elderly);
      expect(sheet.getCell('D10').value).toBe(report.rows.reduce((n, r) => n + (r.values.elderly as number), 0));
      expect(sheet.getCell('O10').value).toBe(report.total!.share);
      expect(sheet.getCell('A11').value).toBe('年龄按统计时点计算周岁。');
      // Every generated figure, cell by cell: rows from row 6, the columns in layout order from column C.
      let checked = 0;
      for (const [i, row] of report.rows.entries()) {
        for (const [j, column] of report.columns.entries()) {
          if (!column.metric) continue;
          expect(sheet.getCell(6 + i, 3 + j).value, `${row.label} ${column.key}`).toBe(row.values[column.key]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(report.rows.length * 10);
      const definitions = workbook.getWorksheet('口径说明')!;
      expect(definitions.getRow(3).values).toEqual(expect.arrayContaining(['mz_elderly_60', 1, '2026-01-01']));

      const csv = await street.get(`/api/v1/reports/${report.id}/export?format=csv`);
      expect(csv.body.startsWith('\uFEFF序号,社区,实有人口,60周岁及以上老年人/合计')).toBe(true);
      expect(csv.body.trim().split('\n')).toHaveLength(1 + 4 + 1);
    });
  });

  describe('the report registry', () => {
    it('lists every report with owner, frequency and fields, and per community what is auto-filled', async () => {
      const templates = (await community.get('/api/v1/report-templates')).json().items as Array<{ code: string; department: { code: string }; fields: number; autoFields: number; manualFields: number }>;
      expect(templates.find((x) => x.code === 'MZ-ELDERLY')).toMatchObject({ department: { code: 'XH-MZ' }, fields: 15, autoFields: 13, manualFields: 2 });
      const mine = (await community.get('/api/v1/report-registry/communities')).json();
      expect(mine.communities.map((c: { code: string }) => c.code)).toEqual([COMMUNITY_A]);
      expect(mine.communities[0]).toMatchObject({ reports: 7 });
      expect(mine.communities[0].minutesSavedPerYear).toBe(mine.communities[0].autoFieldsPerYear * 3);
      expect(mine.assumption).toContain('3 分钟');
      const district = (await steward.get('/api/v1/report-registry/communities?minutesPerField=5')).json();
      expect(district.communities).toHaveLength(12);
      expect(district.minutesPerField).toBe(5);
    });

    it('retires a report and merges one into another', async () => {
      const retired = await steward.post('/api/v1/report-templates/JY-CHILD/retire');
      expect(retired.statusCode, retired.body).toBe(200);
      expect(retired.json().status).toBe('retired');
      expect((await steward.post('/api/v1/reports', { template: 'JY-CHILD', jurisdictionCode: STREET, referenceDate: REFERENCE_DATE })).statusCode).toBe(409);

      const merged = await steward.post('/api/v1/report-templates/TY-VETERAN/merge', { into: 'MZ-ELDERLY' });
      expect(merged.statusCode, merged.body).toBe(200);
      const into = merged.json();
      expect(into.code).toBe('MZ-ELDERLY');
      expect(into.revision).toBe(2);
      expect(into.layout.columns.at(-1).label).toBe('退役军人和优抚对象统计表');
      const source = (await steward.get('/api/v1/report-templates/TY-VETERAN')).json();
      expect(source).toMatchObject({ status: 'merged', mergedInto: { code: 'MZ-ELDERLY' } });
      const categories = await steward.post('/api/v1/report-templates/CL-GRADE/merge', { into: 'MZ-ELDERLY' });
      expect(categories.statusCode).toBe(409);
    });
  });
});
