// The data-standards catalogue over the API: every field defined once, exported
// as a Frictionless Table Schema; the tag dictionary managed by the data steward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';

describe.skipIf(!backendAvailable())('the data-standards catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('defines each field once: type, code list, sensitivity, owner and survivorship rule', async () => {
    const grid = await t.login('grid');
    const catalogue = (await grid.get('/api/v1/catalogue')).json();
    const field = (key: string) => catalogue.fields.find((f: { key: string }) => f.key === key);
    expect(field('person.id_number')).toMatchObject({ type: 'id_number', sensitivity: 'personal', ownerKind: 'public_security', survivorship: 'trusted_then_recent', trustedSources: ['public_security'] });
    expect(field('person.disability_grade')).toMatchObject({ sensitivity: 'sensitive', sensitiveCategory: 'disability', codeList: 'disability_grade' });
    expect(field('person.ethnicity').codes).toHaveLength(56);
    expect(field('person.ethnicity').codes[0]).toEqual({ code: '汉族', label: '汉族', labelEn: 'Han', aliases: ['01', '汉'] });
    expect(catalogue.tags.find((t: { code: string }) => t.code === 'community_correction')).toMatchObject({ sensitiveCategory: 'criminal_justice' });
    expect(new Set(catalogue.fields.map((f: { key: string }) => f.key)).size).toBe(catalogue.fields.length);
  });

  it('exports an entity as a Frictionless Table Schema', async () => {
    const steward = await t.login('steward');
    const schema = (await steward.get('/api/v1/catalogue/table-schema?entity=person')).json();
    expect(schema).toMatchObject({ $schema: 'https://datapackage.org/profiles/2.0/tableschema.json', name: 'person', primaryKey: ['id'], missingValues: [''] });
    const byName = Object.fromEntries(schema.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.id_number).toMatchObject({ title: '公民身份号码', type: 'string', constraints: { pattern: '^\\d{17}[\\dX]$' }, 'x-standard': 'GB 11643-1999', 'x-sensitivity': 'personal' });
    expect(byName.birth_date).toMatchObject({ type: 'date' });
    expect(byName.sex.constraints.enum).toEqual(['male', 'female']);
    expect(byName.phones).toMatchObject({ type: 'list', itemType: 'string', delimiter: ';', 'x-survivorship': 'union' });
    expect(byName.tags['x-item-enum']).toContain('low_income');
    expect(byName.disability_grade).toMatchObject({ 'x-sensitivity': 'sensitive', 'x-sensitive-category': 'disability' });
    const organisation = (await steward.get('/api/v1/catalogue/table-schema?entity=organisation')).json();
    expect(organisation.fields.find((f: { name: string }) => f.name === 'credit_code')).toMatchObject({ 'x-standard': 'GB 32100-2015' });
  });

  it('lets the data steward add and change tags, audited, and no one else', async () => {
    const steward = await t.login('steward');
    const tag = { name: '重点帮扶对象', nameEn: 'priority support', sensitiveCategory: 'low_income', aliases: ['重点帮扶'] };
    const created = await steward.request({ method: 'PUT', url: '/api/v1/catalogue/tags/priority_support', payload: tag });
    expect(created.json()).toEqual({ code: 'priority_support', created: true });
    const changed = await steward.request({ method: 'PUT', url: '/api/v1/catalogue/tags/priority_support', payload: { ...tag, sensitiveCategory: null } });
    expect(changed.json()).toEqual({ code: 'priority_support', created: false });
    const tags = (await steward.get('/api/v1/catalogue')).json().tags;
    expect(tags.find((x: { code: string }) => x.code === 'priority_support')).toMatchObject({ name: '重点帮扶对象', sensitiveCategory: null, aliases: ['重点帮扶'] });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor']).where('target_type', '=', 'tag').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'catalogue.tag.create', actor: 'steward' },
      { action: 'catalogue.tag.update', actor: 'steward' },
    ]);
    const community = await t.login('community');
    expect((await community.request({ method: 'PUT', url: '/api/v1/catalogue/tags/x_tag', payload: tag })).statusCode).toBe(403);
    const resident = await t.login('resident');
    expect((await resident.get('/api/v1/catalogue')).statusCode).toBe(403);
  });
});
