// Collection forms end to end over HTTP: publishing workbooks, opening a form
// on a person, household or dwelling with the registry's values pre-filled, drafts, the server's own
// check of every submission, review, write-back with provenance, conflicts
// when the registry changed meanwhile, and who may reach what.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsForm, writeXlsForm, type FormSpec } from '../../src/modules/forms/engine/index.js';
import { elderlyCareVisit } from '../../src/modules/forms/engine/samples/forms.js';
import { findDepartment } from '../../src/modules/org/repo.js';
import { loadCatalogue } from '../../src/modules/registry/catalogue/repo.js';
import { applyClaims } from '../../src/modules/registry/facts/apply-claims.js';
import { ensureDataSource } from '../../src/modules/registry/sources.js';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { FORM_PURPOSE, formCalls, peopleVisibleTo, publishSpec, uploadWorkbook, type PersonListItem } from '../support/forms.js';

const GRID_1 = '33010600205101';

/** A visit that checks identity details: name and status pre-filled, registration place (empty in the demo) to collect. */
const registrationCheck: FormSpec = {
  settings: { formId: 'registration_check', formTitle: '户籍地核查表', version: 't1', defaultLanguage: 'zh' },
  survey: [
    { type: 'text', name: 'full_name', label: { zh: '姓名', en: 'Name' }, registryField: 'person.name' },
    { type: 'text', name: 'registration_place', label: { zh: '户籍地', en: 'Place of registration' }, required: 'yes', registryField: 'person.registration_place' },
    { type: 'text', name: 'phone', label: { zh: '联系电话', en: 'Phone' }, registryField: 'person.phone' },
    { type: 'select_one', listName: 'status', name: 'residence', label: { zh: '居住状态', en: 'Residence' }, registryField: 'person.residence_status' },
    { type: 'select_multiple', listName: 'tags', name: 'tags', label: { zh: '人员类别', en: 'Categories' }, registryField: 'person.tags' },
    { type: 'text', name: 'remark', label: { zh: '备注', en: 'Remark' } },
  ],
  choices: [
    { listName: 'status', name: 'here', label: { zh: '户籍人口', en: 'Registered here' } },
    { listName: 'status', name: 'floating', label: { zh: '流动人口', en: 'Floating' } },
    { listName: 'tags', name: 'veteran', label: { zh: '退役军人', en: 'Veteran' } },
    { listName: 'tags', name: 'empty_nest', label: { zh: '空巢家庭', en: 'Empty nest' } },
  ],
};

/** A check of a household's registration, opened on the household: its type from the registry, the rest collected. */
const householdCheck: FormSpec = {
  settings: { formId: 'household_check', formTitle: '家庭户核查表', version: 't1', defaultLanguage: 'zh', subject: 'household' },
  survey: [
    { type: 'select_one', listName: 'household_type', name: 'household_type', label: { zh: '户别', en: 'Household type' }, required: 'yes', registryField: 'household.registration_type' },
    { type: 'integer', name: 'rooms', label: { zh: '住房间数', en: 'Rooms' }, required: 'yes', constraint: '. >= 1', constraintMessage: { zh: '至少 1 间', en: 'At least one room.' } },
  ],
  choices: [
    { listName: 'household_type', name: 'family', label: { zh: '家庭户', en: 'Family' } },
    { listName: 'household_type', name: 'collective', label: { zh: '集体户', en: 'Collective' } },
  ],
};

interface Prefill {
  value: unknown;
  source: string;
  asOf: string;
}

interface FieldView {
  field: string;
  value: string | string[];
  from: Array<{ source: { id: string }; evidence: { submissionId: string | null; recordedBy: string | null } }>;
}

describe.skipIf(!backendAvailable())('collection forms', () => {
  let t: TestApp;
  let grid: Caller;
  let community: Caller;
  let community2: Caller;
  let steward: Caller;
  let gridForms: ReturnType<typeof formCalls>;
  let reviewer: ReturnType<typeof formCalls>;
  let elderlyFormId: string;
  let checkFormId: string;
  let myPeople: PersonListItem[];

  beforeAll(async () => {
    t = await createTestApp();
    [grid, community, community2, steward] = await Promise.all(['grid', 'community', 'community2', 'steward'].map((u) => t.login(u)));
    gridForms = formCalls(grid);
    reviewer = formCalls(community);
    const forms = (await grid.get('/api/v1/forms')).json().items as Array<{ id: string; formKey: string }>;
    elderlyFormId = forms.find((f) => f.formKey === 'elderly_care_visit')!.id;
    checkFormId = (await publishSpec(steward, registrationCheck)).id;
    myPeople = await peopleVisibleTo(grid);
    expect(myPeople.length).toBeGreaterThan(3);
  });
  afterAll(() => t?.close());

  const elderly = () => myPeople.find((p) => p.birthDate !== null && p.birthDate <= '1950-01-01' && p.phone !== null)!;
  // Each test that writes to the registry takes people no other test has touched.
  const handedOut = new Set<string>();
  const fresh = (fits: (p: PersonListItem) => boolean = () => true) => {
    const person = myPeople.find((p) => !handedOut.has(p.id) && p !== elderly() && fits(p));
    expect(person, 'a person of grid 1 for this test').toBeDefined();
    handedOut.add(person!.id);
    return person!;
  };
  const personPage = async (id: string) => (await community.get(`/api/v1/people/${id}`, FORM_PURPOSE)).json() as { fields: FieldView[] };
  const fieldOf = (page: { fields: FieldView[] }, key: string) => page.fields.find((f) => f.field === key);

  describe('the form library', () => {
    it('lists the demo’s sample forms and gives back each as the same workbook', async () => {
      const forms = (await grid.get('/api/v1/forms')).json().items as Array<{ id: string; formKey: string; ownerDepartment: { code: string }; bindings: unknown[] }>;
      expect(forms.map((f) => f.formKey)).toEqual(expect.arrayContaining(['elderly_care_visit', 'household_survey']));
      expect(forms.find((f) => f.formKey === 'elderly_care_visit')).toMatchObject({ ownerDepartment: { code: 'XH-MZ' }, bindings: expect.arrayContaining([{ question: 'phone', field: 'person.phone' }]) });

      const download = await grid.get(`/api/v1/forms/${elderlyFormId}/xlsx`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toContain('elderly_care_visit-v1.xlsx');
      expect(await readXlsForm(download.rawPayload)).toEqual(elderlyCareVisit);
    });

    it('refuses a broken workbook, naming the sheet, row and column of every problem', async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('survey').addRows([
        ['type', 'name', 'label::zh', 'bind::registry', 'requred'],
        ['text', 'full_name', '姓名', 'person.name', ''],
        ['slect_one yes_no', 'ok', '是否', '', ''],
        ['text', 'size', '鞋码', 'person.shoe_size', 'yes'],
      ]);
      workbook.addWorksheet('settings').addRows([['form_id'], ['broken']]);
      const response = await uploadWorkbook(steward, 'broken.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()), 'departmentCode=XH-MZ');
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('form.invalid');
      expect(error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: 'survey', row: 1, column: 'requred' })]));

      const fixed = new ExcelJS.Workbook();
      fixed.addWorksheet('survey').addRows([
        ['type', 'name', 'label::zh', 'bind::registry'],
        ['slect_one yes_no', 'ok', '是否', ''],
        ['text', 'size', '鞋码', 'person.shoe_size'],
      ]);
      fixed.addWorksheet('settings').addRows([['form_id'], ['broken']]);
      const second = (await uploadWorkbook(steward, 'broken.xlsx', Buffer.from(await fixed.xlsx.writeBuffer()), 'departmentCode=XH-MZ')).json().error;
      expect(second.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: 'survey', row: 2, column: 'type', message: expect.stringContaining('slect_one') })]));
      expect(await uploadWorkbook(steward, 'not.xlsx', Buffer.from('not a workbook'), 'departmentCode=XH-MZ')).toMatchObject({ statusCode: 400 });
    });

    it('checks bindings against the registry catalogue', async () => {
      const spec: FormSpec = {
        settings: { formId: 'bad_binding', defaultLanguage: 'zh' },
        survey: [
          { type: 'text', name: 'size', label: { zh: '鞋码' }, registryField: 'person.shoe_size' },
          { type: 'date', name: 'phone', label: { zh: '电话' }, registryField: 'person.phone' },
        ],
        choices: [],
      };
      const response = await uploadWorkbook(steward, 'bad.xlsx', await writeXlsForm(spec), 'departmentCode=XH-MZ');
      expect(response.statusCode).toBe(400);
      const issues = response.json().error.details.issues as Array<{ row: number; column: string }>;
      expect(issues.map((i) => [i.row, i.column])).toEqual([
        [2, 'bind::registry'],
        [3, 'bind::registry'],
      ]);
    });

    it('numbers versions, keeps one current, and says which choices cannot be written back', async () => {
      const department = await t.login('department');
      const spec: FormSpec = { ...registrationCheck, settings: { ...registrationCheck.settings, formId: 'stall_check', formTitle: '摊点核查' } };
      const first = await uploadWorkbook(department, 'stall.xlsx', await writeXlsForm(spec));
      expect(first.statusCode, first.body).toBe(201);
      // 'here' is found by its label (户籍人口 is how the registry names 'registered'); nothing stands for an empty nest.
      expect(first.json()).toMatchObject({ form: { version: 1, ownerDepartment: { code: 'XH-CG' } }, unmappedChoices: [{ question: 'tags', field: 'person.tags', choices: ['empty_nest'] }] });
      const again = await uploadWorkbook(department, 'stall.xlsx', await writeXlsForm(spec));
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ created: false, form: { id: first.json().form.id } });
      const changed = await uploadWorkbook(department, 'stall.xlsx', await writeXlsForm({ ...spec, settings: { ...spec.settings, version: 't2' } }));
      expect(changed.json()).toMatchObject({ created: true, form: { version: 2, status: 'active' } });
      const all = (await grid.get('/api/v1/forms?status=all')).json().items as Array<{ formKey: string; version: number; status: string }>;
      expect(all.filter((f) => f.formKey === 'stall_check').map((f) => [f.version, f.status])).toEqual([
        [2, 'active'],
        [1, 'retired'],
      ]);
      // Another department may not take the form over, and a retired version is not opened again.
      expect((await uploadWorkbook(steward, 'stall.xlsx', await writeXlsForm(spec), 'departmentCode=XH-MZ')).json().error.code).toBe('form.owned_elsewhere');
      expect((await gridForms.open(first.json().form.id, myPeople[0].id)).json().error.code).toBe('form.retired');
    });

    it('lets only form owners publish', async () => {
      const bytes = await writeXlsForm({ ...registrationCheck, settings: { ...registrationCheck.settings, formId: 'someone_elses' } });
      expect((await uploadWorkbook(grid, 'x.xlsx', bytes)).statusCode).toBe(403);
      expect((await uploadWorkbook(steward, 'x.xlsx', bytes)).json().error.details.issues[0].path).toBe('querystring.departmentCode');
      const department = await t.login('department');
      expect((await uploadWorkbook(department, 'x.xlsx', bytes, 'departmentCode=XH-MZ')).statusCode).toBe(403);
    });
  });

  describe('opening a form on a person', () => {
    it('pre-fills bound questions with the registry’s values, their source and date', async () => {
      const person = elderly();
      const opened = await gridForms.open(elderlyFormId, person.id);
      expect(opened.statusCode, opened.body).toBe(201);
      const view = opened.json();
      expect(view).toMatchObject({ status: 'draft', canEdit: true, canReview: false, subject: { id: person.id, name: person.name }, form: { formKey: 'elderly_care_visit' } });
      const prefill = view.prefill as Record<string, Prefill>;
      expect(prefill['person.name']).toEqual({ value: person.name, source: '初始底册 (initial registry load)', asOf: '2026-06-30T16:00:00.000Z' });
      expect(prefill['person.birth_date'].value).toBe(person.birthDate);
      expect(prefill['person.phone'].value).toBe((await grid.get(`/api/v1/people/${person.id}`, FORM_PURPOSE)).json().phone);
      // Registry tags without a choice on this form stay, labelled from the tag dictionary.
      expect(prefill['person.tags'].value).toEqual(expect.arrayContaining(['elderly_60']));
      expect(view.prefillLabels.care_tags.elderly_60).toEqual({ zh: '老年人', en: 'aged 60+' });

      const again = await gridForms.open(elderlyFormId, person.id);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(view.id);
    });

    it('shows a registry tag as the form’s own choice when one stands for it', async () => {
      const alone = myPeople.find((p) => p.tags.includes('living_alone'));
      if (!alone) return;
      const view = (await gridForms.open(elderlyFormId, alone.id)).json();
      expect(view.prefill['person.tags'].value).toContain('elderly_alone');
    });

    it('reaches only people of the worker’s grid, auditing every read and every refusal', async () => {
      const otherGrid = await movedToGrid2(t, fresh());
      const otherCommunity = (await peopleVisibleTo(community2))[0];
      for (const person of [otherGrid, otherCommunity]) {
        const refused = await gridForms.open(elderlyFormId, person.id);
        expect(refused.statusCode).toBe(404);
        const denial = await t.database.db
          .selectFrom('audit_log')
          .select(['outcome', 'purpose'])
          .where('action', '=', 'form.open')
          .where('outcome', '=', 'denied')
          .where(sql<boolean>`${person.id} = ANY(target_ids)`)
          .executeTakeFirst();
        expect(denial).toEqual({ outcome: 'denied', purpose: FORM_PURPOSE });
      }
      const withoutPurpose = await grid.request({ method: 'POST', url: `/api/v1/forms/${elderlyFormId}/submissions`, payload: { personId: myPeople[0].id } });
      expect(withoutPurpose.json().error.code).toBe('access.purpose_required');

      const person = fresh();
      const opened = (await gridForms.open(checkFormId, person.id)).json();
      const reads = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'purpose', 'outcome'])
        .where(sql<boolean>`${person.id} = ANY(target_ids)`)
        .where('action', 'in', ['form.open', 'form_submission.get'])
        .execute();
      expect(reads).toContainEqual({ action: 'form.open', purpose: FORM_PURPOSE, outcome: 'allowed' });
      // Another community's staff never see it; the worker's own community sees it once it is submitted, not as a draft.
      const idsIn = async (calls: ReturnType<typeof formCalls>) => (await calls.list('')).json().items.map((s: { id: string }) => s.id);
      expect((await formCalls(community2).get(opened.id)).statusCode).toBe(404);
      expect((await reviewer.get(opened.id)).statusCode).toBe(404);
      expect(await idsIn(reviewer)).not.toContain(opened.id);
      expect((await gridForms.submit(opened.id, { registration_place: '浙江省杭州市' })).statusCode).toBe(200);
      expect((await reviewer.get(opened.id)).statusCode).toBe(200);
      expect(await idsIn(reviewer)).toContain(opened.id);
      expect((await formCalls(community2).get(opened.id)).statusCode).toBe(404);
      expect(await idsIn(formCalls(community2))).not.toContain(opened.id);
    });
  });

  describe('opening a form on a household or a dwelling', () => {
    let householdFormId: string;
    let rentalFormId: string;
    const dwellingPage = async (id: string) => (await community.get(`/api/v1/dwellings/${id}`, FORM_PURPOSE)).json() as { fields: FieldView[] };
    const householdPage = async (id: string) => (await community.get(`/api/v1/households/${id}`, FORM_PURPOSE)).json() as { fields: FieldView[] };

    beforeAll(async () => {
      householdFormId = (await publishSpec(steward, householdCheck)).id;
      const forms = (await grid.get('/api/v1/forms')).json().items as Array<{ id: string; formKey: string; subjectType: string }>;
      const rental = forms.find((f) => f.formKey === 'rental_housing_check')!;
      expect(rental.subjectType).toBe('dwelling');
      rentalFormId = rental.id;
    });

    it('publishes a form on a household, and refuses one that binds another record’s fields', async () => {
      const forms = (await grid.get('/api/v1/forms')).json().items as Array<{ id: string; subjectType: string; bindings: unknown[] }>;
      expect(forms.find((f) => f.id === householdFormId)).toMatchObject({ subjectType: 'household', bindings: [{ question: 'household_type', field: 'household.registration_type' }] });
      const mixed = { ...householdCheck, settings: { ...householdCheck.settings, formId: 'mixed_check' }, survey: [...householdCheck.survey, { type: 'text' as const, name: 'n', label: { zh: '姓名' }, registryField: 'person.name' }] };
      const refused = await uploadWorkbook(steward, 'mixed_check.xlsx', await writeXlsForm(mixed), 'departmentCode=XH-MZ');
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.message).toContain("person.name is a person's field, but the form is opened on a household");
    });

    it('pre-fills a household’s fields with their source and date, and opens only on the kind of record the form is for', async () => {
      const person = fresh((p) => p.householdId !== null);
      const opened = await gridForms.openOn(householdFormId, { householdId: person.householdId! });
      expect(opened.statusCode, opened.body).toBe(201);
      const view = opened.json();
      expect(view).toMatchObject({ status: 'draft', canEdit: true, subject: { type: 'household', id: person.householdId }, form: { formKey: 'household_check' } });
      const registered = await t.database.db.selectFrom('households').select('registration_type').where('id', '=', person.householdId!).executeTakeFirstOrThrow();
      expect(view.prefill['household.registration_type']).toEqual({ value: registered.registration_type, source: '初始底册 (initial registry load)', asOf: '2026-06-30T16:00:00.000Z' });
      expect((await gridForms.openOn(householdFormId, { householdId: person.householdId! })).json().id).toBe(view.id);

      const wrongKind = await gridForms.openOn(householdFormId, { personId: person.id });
      expect(wrongKind.statusCode).toBe(400);
      expect(wrongKind.json().error.details.issues).toEqual([{ path: 'body.personId', message: '家庭户核查表 is filled on a household: send householdId' }]);
      expect((await gridForms.openOn(householdFormId, { householdId: person.householdId!, personId: person.id } as never)).statusCode).toBe(400);
    });

    it('reaches only the households and dwellings of the worker’s grid, auditing the refusal', async () => {
      const db = t.database.db;
      const elsewhere = await db.selectFrom('dwellings').select('id').where('community_code', '<>', GRID_1.slice(0, -2)).limit(1).executeTakeFirstOrThrow();
      const refused = await gridForms.openOn(rentalFormId, { dwellingId: elsewhere.id });
      expect(refused.statusCode).toBe(404);
      const denial = await db.selectFrom('audit_log').select(['outcome', 'target_type']).where('action', '=', 'form.open').where(sql<boolean>`${elsewhere.id} = ANY(target_ids)`).execute();
      expect(denial).toEqual([{ outcome: 'denied', target_type: 'dwelling' }]);
    });

    it('pre-fills a dwelling’s use with its source, read-only: the registry’s value stands, whatever is sent', async () => {
      const person = fresh((p) => p.dwellingId !== null);
      const dwellingId = person.dwellingId!;
      handedOut.add(`dwelling:${dwellingId}`);
      await claimFromPublicSecurity(t, dwellingId, 'dwelling.use', 'self_occupied', 'dwelling');
      const view = (await gridForms.openOn(rentalFormId, { dwellingId })).json();
      expect(view.subject).toMatchObject({ type: 'dwelling', id: dwellingId, address: expect.any(String) });
      expect(view.prefill['dwelling.use']).toEqual({ value: 'self_occupied', source: expect.stringContaining('户籍核查'), asOf: expect.any(String) });
      const submitted = await gridForms.submit(view.id, { use: 'rented', tenants: 2, contract_registered: 'no', fire_safety: ['extinguisher', 'smoke_alarm'] });
      expect(submitted.statusCode, submitted.body).toBe(200);
      // Rented was not the worker's to say: the use stays the registry's, and what only a rented dwelling asks is cleared.
      expect(submitted.json().answers).toMatchObject({ use: 'self_occupied' });
      expect(submitted.json().answers).not.toHaveProperty('tenants');
      expect((await reviewer.approve(view.id)).json().writeBack).toEqual({ written: [], conflicts: 0, notWritten: [] });
    });

    it('checks a dwelling’s submission on the server and writes the approved use back to the dwelling with provenance', async () => {
      const person = fresh((p) => p.dwellingId !== null && !handedOut.has(`dwelling:${p.dwellingId}`));
      const dwellingId = person.dwellingId!;
      handedOut.add(`dwelling:${dwellingId}`);
      const view = (await gridForms.openOn(rentalFormId, { dwellingId })).json();
      // The demo's dwellings have no recorded use: the worker supplies it.
      expect(view.prefill).toEqual({});

      // Rented, but only one fire-safety item in place: the hazards must be described.
      const missing = await gridForms.submit(view.id, { use: 'rented', tenants: 3, contract_registered: 'yes', fire_safety: ['extinguisher'] });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details.errors).toEqual([{ path: 'hazards', code: 'required', message: expect.objectContaining({ zh: expect.any(String) }) }]);
      const tooMany = await gridForms.submit(view.id, { use: 'rented', tenants: 60, contract_registered: 'yes', fire_safety: ['extinguisher'], hazards: '缺少烟雾报警器' });
      expect(tooMany.json().error.details.errors).toEqual([{ path: 'tenants', code: 'constraint', message: { zh: '出租房屋至少有 1 名承租人，最多 50 名', en: 'A rented dwelling has from 1 to 50 tenants.' } }]);
      const submittedOk = await gridForms.submit(view.id, { use: 'rented', tenants: 3, contract_registered: 'yes', fire_safety: ['extinguisher'], hazards: '缺少烟雾报警器' });
      expect(submittedOk.statusCode, submittedOk.body).toBe(200);

      const approved = await reviewer.approve(view.id);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().writeBack).toEqual({ written: [{ question: 'use', field: 'dwelling.use', value: 'rented' }], conflicts: 0, notWritten: [] });
      const use = fieldOf(await dwellingPage(dwellingId), 'dwelling.use')!;
      expect(use.value).toBe('rented');
      expect(use.from[0]).toMatchObject({ source: { id: 'field-visit' }, evidence: { submissionId: view.id, recordedBy: '网格员 李静' } });
      const row = await t.database.db.selectFrom('dwellings').select('use').where('id', '=', dwellingId).executeTakeFirstOrThrow();
      expect(row.use).toBe('rented');
      const listed = (await reviewer.list('status=approved')).json().items as Array<{ id: string; subject: { type: string; address: string | null } }>;
      expect(listed.find((s) => s.id === view.id)!.subject).toMatchObject({ type: 'dwelling', address: expect.any(String) });
    });

    it('keeps a household’s pre-filled type read-only, so approval writes nothing the worker did not supply', async () => {
      const person = fresh((p) => p.householdId !== null);
      const householdId = person.householdId!;
      const before = await t.database.db.selectFrom('households').select('registration_type').where('id', '=', householdId).executeTakeFirstOrThrow();
      const other = before.registration_type === 'family' ? 'collective' : 'family';
      const { id } = (await gridForms.openOn(householdFormId, { householdId })).json();
      const rooms = await gridForms.submit(id, { household_type: other, rooms: 0 });
      expect(rooms.json().error.details.errors).toEqual([{ path: 'rooms', code: 'constraint', message: { zh: '至少 1 间', en: 'At least one room.' } }]);
      const submitted = await gridForms.submit(id, { household_type: other, rooms: 2 });
      expect(submitted.json().answers).toEqual({ household_type: before.registration_type, rooms: 2 });

      const approved = (await reviewer.approve(id)).json();
      expect(approved.writeBack).toEqual({ written: [], conflicts: 0, notWritten: [] });
      expect(fieldOf(await householdPage(householdId), 'household.registration_type')!.value).toBe(before.registration_type);
      const listed = (await reviewer.list('status=approved')).json().items as Array<{ id: string; subject: { type: string; name: string | null } }>;
      expect(listed.find((s) => s.id === id)!.subject).toMatchObject({ type: 'household', name: expect.any(String) });
    });

    it('flags a dwelling’s value the registry recorded after the form was opened, and never overwrites it', async () => {
      const person = fresh((p) => p.dwellingId !== null && !handedOut.has(`dwelling:${p.dwellingId}`));
      const dwellingId = person.dwellingId!;
      handedOut.add(`dwelling:${dwellingId}`);
      const { id } = (await gridForms.openOn(rentalFormId, { dwellingId })).json();
      await claimFromPublicSecurity(t, dwellingId, 'dwelling.use', 'vacant', 'dwelling');
      expect((await gridForms.submit(id, { use: 'business', fire_safety: ['extinguisher', 'clear_exit'] })).statusCode).toBe(200);

      const approved = (await reviewer.approve(id)).json();
      expect(approved.writeBack).toMatchObject({ written: [], conflicts: 1 });
      expect(approved.conflicts).toEqual([expect.objectContaining({ field: 'dwelling.use', answer: 'business', openedValue: null, currentValue: 'vacant', status: 'open' })]);
      expect(fieldOf(await dwellingPage(dwellingId), 'dwelling.use')!.value).toBe('vacant');
      const conflict = ((await reviewer.conflicts()).json().items as Array<{ id: string; submissionId: string; subject: { type: string; id: string } }>).find((c) => c.submissionId === id)!;
      expect(conflict.subject).toMatchObject({ type: 'dwelling', id: dwellingId });
      // The reviewer records the worker's answer: a field-visit claim on the dwelling.
      expect((await reviewer.resolve(conflict.id, 'record_answer')).json().status).toBe('answer_recorded');
      const fact = await t.database.db.selectFrom('registry_facts').select(['entity_type', 'entity_id', 'value', 'source_id']).where('submission_id', '=', id).executeTakeFirstOrThrow();
      expect(fact).toEqual({ entity_type: 'dwelling', entity_id: dwellingId, value: 'business', source_id: 'field-visit' });
    });
  });

  describe('filling and submitting', () => {
    it('keeps a draft across sessions, cleared of answers no longer relevant', async () => {
      const person = elderly();
      const { id } = (await gridForms.open(elderlyFormId, person.id)).json();
      const saved = await gridForms.save(id, { living: 'alone', follow_up: 'no', follow_up_reason: 'not asked for' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().answers).not.toHaveProperty('follow_up_reason');

      const laterSession = formCalls(await t.login('grid'));
      const resumed = (await laterSession.get(id)).json();
      expect(resumed.answers).toMatchObject({ living: 'alone', follow_up: 'no', full_name: person.name });
      expect(resumed.answers).not.toHaveProperty('follow_up_reason');
    });

    it('checks every submission again on the server, with a message per field', async () => {
      const person = elderly();
      const { id } = (await gridForms.open(elderlyFormId, person.id)).json();
      const refused = await gridForms.submit(id, { follow_up: 'yes', follow_up_reason: 'ab', chronic_conditions: 42, visit_date: '2099-01-01', phone: 'not mine to change' });
      expect(refused.statusCode).toBe(400);
      const { error } = refused.json();
      expect(error.code).toBe('form.answers_invalid');
      const byPath = Object.fromEntries((error.details.errors as Array<{ path: string; code: string; message: { zh: string } }>).map((e) => [e.path, e]));
      expect(byPath.living).toMatchObject({ code: 'required', message: { zh: '此项为必填项' } });
      expect(byPath.self_care).toMatchObject({ code: 'required' });
      expect(byPath.follow_up_reason).toMatchObject({ code: 'constraint', message: { zh: '请至少写 4 个字说明情况' } });
      expect(byPath.chronic_conditions).toMatchObject({ code: 'constraint', message: { zh: '请填写 0 到 20 之间的整数' } });
      expect(byPath.visit_date).toMatchObject({ code: 'constraint' });
      // A pre-filled value is the registry's: what the client sent for it is ignored, not an error.
      expect(byPath.phone).toBeUndefined();
      // The refused answers stay as the draft.
      expect((await gridForms.get(id)).json()).toMatchObject({ status: 'draft', answers: { follow_up_reason: 'ab' } });

      const accepted = await gridForms.submit(id, {
        living: 'alone',
        self_care: 'partial',
        chronic_conditions: 2,
        services_needed: ['daily_call'],
        visit_date: '2026-11-30',
        follow_up: 'no',
        follow_up_reason: 'dropped because not relevant',
        age: 3,
        phone: '13000000000',
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const stored = accepted.json();
      expect(stored.status).toBe('submitted');
      expect(stored.answers).not.toHaveProperty('follow_up_reason');
      expect(stored.answers.age).toBeGreaterThanOrEqual(76);
      expect(stored.answers.phone).toBe((await grid.get(`/api/v1/people/${person.id}`, FORM_PURPOSE)).json().phone);
      expect(stored.events.map((e: { action: string }) => e.action)).toEqual(['opened', 'submitted']);
    });

    it('clears a whole group on the server when it is not relevant', async () => {
      const young = fresh((p) => p.birthDate !== null && p.birthDate > '1968-01-01' && p.birthDate < '2008-01-01');
      const { id } = (await gridForms.open(elderlyFormId, young.id)).json();
      const submitted = await gridForms.submit(id, { living: 'with_spouse', follow_up: 'no', visit_date: '2026-11-29', self_care: 'none', chronic_conditions: 3 });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json().answers).not.toHaveProperty('self_care');
      expect(submitted.json().answers).not.toHaveProperty('chronic_conditions');
    });

    it('refuses a bound answer the registry could not store', async () => {
      const child = fresh((p) => p.phone === null);
      const { id } = (await gridForms.open(checkFormId, child.id)).json();
      const refused = await gridForms.submit(id, { registration_place: '浙江省杭州市', phone: '12345' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details.errors).toEqual([{ path: 'phone', code: 'constraint', message: { zh: '请填写有效的手机号或带区号的座机号', en: expect.any(String) } }]);
      expect((await gridForms.submit(id, { registration_place: '浙江省杭州市', phone: '139 1234 5678' })).statusCode).toBe(200);
    });
  });

  describe('review and write-back', () => {
    async function submitted(person: PersonListItem, answers: Record<string, unknown>, formId = checkFormId): Promise<string> {
      const { id } = (await gridForms.open(formId, person.id)).json();
      const response = await gridForms.submit(id, answers);
      expect(response.statusCode, response.body).toBe(200);
      return id;
    }

    it('writes approved answers to the registry with the worker, the submission and the time', async () => {
      const person = fresh((p) => p.tags.length === 0);
      const id = await submitted(person, { registration_place: '浙江省温州市', tags: ['veteran', 'empty_nest'], remark: '已核实' });
      expect((await reviewer.list('status=submitted')).json().items.map((s: { id: string }) => s.id)).toContain(id);

      const approved = await reviewer.approve(id, '核实无误');
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({
        status: 'approved',
        writeBack: {
          written: [
            { question: 'registration_place', field: 'person.registration_place', value: '浙江省温州市' },
            { question: 'tags', field: 'person.tags', value: ['veteran'] },
          ],
          conflicts: 0,
          notWritten: [{ question: 'tags', field: 'person.tags', values: ['empty_nest'] }],
        },
      });
      expect(approved.json().events.at(-1)).toMatchObject({ action: 'approved', comment: '核实无误' });

      const page = await personPage(person.id);
      const place = fieldOf(page, 'person.registration_place')!;
      expect(place.value).toBe('浙江省温州市');
      expect(place.from[0]).toMatchObject({ source: { id: 'field-visit' }, evidence: { submissionId: id, recordedBy: '网格员 李静' } });
      expect(fieldOf(page, 'person.tags')!.value).toEqual(['veteran']);
      const fact = await t.database.db.selectFrom('registry_facts').select(['recorded_at', 'recorded_by']).where('submission_id', '=', id).where('field', '=', 'person.registration_place').executeTakeFirstOrThrow();
      expect(fact.recorded_at.toISOString()).toBe(t.clock.now().toISOString());
      expect(fact.recorded_by).toBe(grid.userId);
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'purpose']).where('action', '=', 'form_submission.approve').where(sql<boolean>`${id} = ANY(target_ids)`).execute();
      expect(audit).toEqual([{ action: 'form_submission.approve', purpose: FORM_PURPOSE }]);
    });

    it('flags a value the registry changed after the form was opened, and never overwrites it', async () => {
      const person = fresh();
      const { id } = (await gridForms.open(checkFormId, person.id)).json();
      await claimFromPublicSecurity(t, person.id, 'person.registration_place', '江苏省南京市');
      await gridForms.submit(id, { registration_place: '浙江省宁波市' });

      const approved = (await reviewer.approve(id)).json();
      expect(approved.writeBack).toMatchObject({ written: [], conflicts: 1 });
      expect(approved.conflicts).toEqual([
        expect.objectContaining({ field: 'person.registration_place', answer: '浙江省宁波市', openedValue: null, currentValue: '江苏省南京市', status: 'open' }),
      ]);
      expect(fieldOf(await personPage(person.id), 'person.registration_place')!.value).toBe('江苏省南京市');

      const open = (await reviewer.conflicts()).json().items as Array<{ id: string; submissionId: string }>;
      const conflict = open.find((c) => c.submissionId === id)!;
      expect((await formCalls(community2).conflicts()).json().items).toEqual([]);
      expect((await formCalls(community2).resolve(conflict.id, 'keep_registry')).statusCode).toBe(404);
      const kept = await reviewer.resolve(conflict.id, 'keep_registry', '以公安数据为准');
      expect(kept.json()).toMatchObject({ status: 'registry_kept', resolutionComment: '以公安数据为准', resolvedBy: expect.any(String) });
      expect((await reviewer.resolve(conflict.id, 'record_answer')).json().error.code).toBe('form_conflict.resolved');
      expect(fieldOf(await personPage(person.id), 'person.registration_place')!.value).toBe('江苏省南京市');
    });

    it('records the worker’s answer of a conflict as a field-visit claim when the reviewer says so', async () => {
      const person = fresh();
      const { id } = (await gridForms.open(checkFormId, person.id)).json();
      await claimFromPublicSecurity(t, person.id, 'person.registration_place', '江苏省南京市');
      await gridForms.submit(id, { registration_place: '江苏省苏州市' });
      const [conflict] = (await reviewer.approve(id)).json().conflicts;
      expect(conflict).toMatchObject({ answer: '江苏省苏州市', currentValue: '江苏省南京市' });
      const recorded = await reviewer.resolve(conflict.id, 'record_answer');
      expect(recorded.json().status).toBe('answer_recorded');
      const fact = await t.database.db
        .selectFrom('registry_facts')
        .select(['value', 'source_id', 'recorded_by', 'superseded_at'])
        .where('submission_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(fact).toEqual({ value: '江苏省苏州市', source_id: 'field-visit', recorded_by: grid.userId, superseded_at: null });
      // The registration place follows the public security bureau first: the visit's claim stands beside it.
      expect(fieldOf(await personPage(person.id), 'person.registration_place')!.value).toBe('江苏省南京市');
    });

    it('moves through draft, submitted, returned and approved, refusing every other step', async () => {
      const person = fresh();
      const { id } = (await gridForms.open(checkFormId, person.id)).json();
      // A draft is the worker's alone: to a reviewer it is not there yet.
      expect((await reviewer.approve(id)).statusCode).toBe(404);
      expect((await gridForms.submit(id, { registration_place: '上海市' })).statusCode).toBe(200);
      expect((await gridForms.submit(id, { registration_place: '上海市' })).json().error.code).toBe('form_submission.not_editable');
      expect((await gridForms.save(id, { registration_place: '北京市' })).json().error.code).toBe('form_submission.not_editable');
      expect((await gridForms.approve(id)).statusCode).toBe(403);
      expect((await formCalls(community2).approve(id)).statusCode).toBe(404);
      expect((await reviewer.return(id, '')).statusCode).toBe(400);

      const returned = (await reviewer.return(id, '请核对户籍地，应写到区县')).json();
      expect(returned).toMatchObject({ status: 'returned', canReview: false });
      const seen = (await gridForms.get(id)).json();
      expect(seen).toMatchObject({ status: 'returned', canEdit: true });
      expect(seen.events.at(-1)).toMatchObject({ action: 'returned', comment: '请核对户籍地，应写到区县' });
      expect((await gridForms.open(checkFormId, person.id)).json().id).toBe(id);

      expect((await gridForms.submit(id, { registration_place: '上海市浦东新区' })).statusCode).toBe(200);
      expect((await reviewer.approve(id)).json().status).toBe('approved');
      expect((await reviewer.approve(id)).json().error.code).toBe('form_submission.not_submitted');
      expect((await reviewer.return(id, 'too late')).json().error.code).toBe('form_submission.not_submitted');
      // The next visit starts a new submission.
      expect((await gridForms.open(checkFormId, person.id)).json().id).not.toBe(id);
    });

    it('has someone other than the worker review a submission', async () => {
      const person = fresh();
      const own = formCalls(community);
      const { id } = (await own.open(checkFormId, person.id)).json();
      expect((await own.submit(id, { registration_place: '浙江省杭州市' })).statusCode).toBe(200);
      expect((await own.approve(id)).statusCode).toBe(403);
    });

    it('counts what waits for review in the reviewer’s jurisdiction only', async () => {
      const counts = (await community.get('/api/v1/form-review/counts')).json();
      expect(counts.submitted).toBeGreaterThan(0);
      expect((await community2.get('/api/v1/form-review/counts')).json()).toEqual({ submitted: 0, conflicts: 0 });
      expect((await grid.get('/api/v1/form-review/counts')).statusCode).toBe(403);
    });
  });
});

/**
 * The person moves to a flat in grid 2 of the same community (the demo
 * template houses everyone of a community in grid 1), through the registry's
 * write path, so the registry places them there.
 */
async function movedToGrid2(t: TestApp, person: PersonListItem): Promise<PersonListItem> {
  const db = t.database.db;
  const grid2 = await db.selectFrom('jurisdictions').select(['code', 'path']).where('code', '=', `${GRID_1.slice(0, -2)}02`).executeTakeFirstOrThrow();
  await db
    .insertInto('dwellings')
    .values({ id: 'D-forms-grid2', jurisdiction_path: grid2.path, community_code: GRID_1.slice(0, -2), grid_code: grid2.code, compound: '测试小区', building: '9', unit: '1', room: '101', address: '测试小区9幢1单元101室' })
    .execute();
  const department = (await findDepartment(db, 'XH-LD'))!;
  const source = await ensureDataSource(db, { id: 'XH-LD:forms-test', department: { id: department.id, kind: department.kind, name: department.name }, dataset: 'forms-test', name: '居住登记' });
  await db.transaction().execute(async (trx) =>
    applyClaims(trx, await loadCatalogue(trx), {
      provenance: { source, recordedAt: t.clock.now() },
      claims: [{ entityType: 'person', entityId: person.id, field: 'person.living_dwelling', value: 'D-forms-grid2', observedAt: t.clock.now() }],
      newPeople: [],
    }),
  );
  const placed = await db.selectFrom('people').select('jurisdiction_path').where('id', '=', person.id).executeTakeFirstOrThrow();
  expect(placed.jurisdiction_path).toBe(grid2.path);
  return person;
}

/** Another source (the public security bureau's registration data) says something about the person (or household, dwelling). */
async function claimFromPublicSecurity(t: TestApp, personId: string, field: string, value: string | string[], entityType: 'person' | 'household' | 'dwelling' = 'person') {
  const db = t.database.db;
  const department = (await findDepartment(db, 'XH-GA'))!;
  const source = await ensureDataSource(db, { id: 'XH-GA:registration-check', department: { id: department.id, kind: department.kind, name: department.name }, dataset: 'registration-check', name: '户籍核查' });
  t.clock.advance(60_000);
  await db.transaction().execute(async (trx) =>
    applyClaims(trx, await loadCatalogue(trx), {
      provenance: { source, recordedAt: t.clock.now() },
      claims: [{ entityType, entityId: personId, field, value, observedAt: t.clock.now() }],
      newPeople: [],
    }),
  );
  t.clock.advance(60_000);
}
