import { describe, expect, it } from 'vitest';
import { Catalogue, type FieldDefinition } from '../registry/catalogue/catalogue.js';
import { bindableFields, FormBindings, registryFieldKinds } from './bindings.js';
import { compileForm, type FormSpec } from './engine/index.js';

const field = (key: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key,
  entity: key.startsWith('person.') ? 'person' : 'household',
  role: 'fact',
  name: key,
  nameEn: key,
  description: '',
  type,
  multiple: false,
  codeList: null,
  sensitivity: 'personal',
  sensitiveCategory: null,
  ownerKind: null,
  survivorship: 'trusted_then_recent',
  trustedSources: [],
  ...extra,
});

const catalogue = new Catalogue(
  [
    field('person.name', 'name'),
    field('person.id_number', 'id_number', { role: 'fact' }),
    field('person.birth_date', 'date'),
    field('person.sex', 'code', { codeList: 'sex' }),
    field('person.disability_grade', 'code', { codeList: 'disability_grade' }),
    field('person.phones', 'phone', { multiple: true, survivorship: 'union' }),
    field('person.tags', 'tag', { multiple: true, survivorship: 'union' }),
    field('person.registration_place', 'text'),
    field('person.household', 'reference', { role: 'link' }),
    field('household.registration_type', 'code', { codeList: 'household_registration_type' }),
  ],
  new Map([
    [
      'sex',
      [
        { code: 'male', label: '男', labelEn: 'male', aliases: ['1'] },
        { code: 'female', label: '女', labelEn: 'female', aliases: ['2'] },
      ],
    ],
    [
      'disability_grade',
      ['1', '2', '3', '4'].map((code) => ({ code, label: `${code}级`, labelEn: `grade ${code}`, aliases: [] })),
    ],
    ['household_registration_type', [{ code: 'family', label: '家庭户', labelEn: 'family', aliases: [] }]],
  ]),
  [
    { code: 'living_alone', name: '独居老人', nameEn: 'elderly living alone', description: '', sensitiveCategory: null, ownerKind: null, aliases: ['独居'] },
    { code: 'veteran', name: '退役军人', nameEn: 'veteran', description: '', sensitiveCategory: null, ownerKind: null, aliases: [] },
    { code: 'elderly_60', name: '老年人', nameEn: 'aged 60+', description: '', sensitiveCategory: null, ownerKind: null, aliases: [] },
  ],
);

const spec: FormSpec = {
  settings: { formId: 't', defaultLanguage: 'zh' },
  survey: [
    { type: 'text', name: 'name', label: { zh: '姓名' }, registryField: 'person.name' },
    { type: 'select_one', listName: 'sex', name: 'sex', label: { zh: '性别' }, registryField: 'person.sex' },
    { type: 'integer', name: 'grade', label: { zh: '残疾等级' }, registryField: 'person.disability_grade' },
    { type: 'text', name: 'phone', label: { zh: '电话' }, registryField: 'person.phone' },
    { type: 'select_multiple', listName: 'tags', name: 'tags', label: { zh: '类别' }, registryField: 'person.tags' },
    { type: 'text', name: 'id', label: { zh: '身份证号' }, registryField: 'person.id_number' },
  ],
  choices: [
    { listName: 'sex', name: 'm', label: { zh: '男' } },
    { listName: 'sex', name: 'f', label: { zh: '女性', en: 'female' } },
    { listName: 'tags', name: 'alone', label: { zh: '独居老人' } },
    { listName: 'tags', name: 'veteran', label: { zh: '老兵' } },
    { listName: 'tags', name: 'empty_nest', label: { zh: '空巢' } },
  ],
};

describe('the registry fields a form may bind to', () => {
  it('offers a household form its household’s facts, and no person’s', () => {
    expect(registryFieldKinds(bindableFields(catalogue, 'household'))).toEqual({ 'household.registration_type': 'text' });
    expect(registryFieldKinds(bindableFields(catalogue, 'dwelling'))).toEqual({});
  });

  it('reads a workbook against the fields of every kind of record, before its subject is checked', () => {
    expect(Object.keys(registryFieldKinds(bindableFields(catalogue)))).toEqual(expect.arrayContaining(['person.name', 'person.phone', 'household.registration_type']));
  });

  it('offers person facts by kind, one phone for the list of phones, and no links or other entities', () => {
    expect(registryFieldKinds(bindableFields(catalogue, 'person'))).toEqual({
      'person.name': 'text',
      'person.id_number': 'text',
      'person.birth_date': 'date',
      'person.sex': 'text',
      'person.disability_grade': 'number',
      'person.tags': 'list',
      'person.registration_place': 'text',
      'person.phone': 'text',
    });
  });
});

describe('translating values between a form and the registry', () => {
  const bindings = new FormBindings(compileForm(spec, { registryFields: registryFieldKinds(bindableFields(catalogue, 'person')) }), catalogue);

  it('matches choices to registry codes by name, else by label, and names the ones without a code', () => {
    expect(bindings.toAnswer('person.sex', 'female')).toBe('f');
    expect(bindings.toRegistry('person.sex', 'm')).toEqual({ ok: true, value: 'male', unmapped: [] });
    expect(bindings.unmappedChoices()).toEqual([{ question: 'tags', field: 'person.tags', choices: ['empty_nest'] }]);
  });

  it('shows registry tags as the form’s choices, keeping and labelling those it has none for', () => {
    expect(bindings.toAnswer('person.tags', ['living_alone', 'elderly_60'])).toEqual(['alone', 'elderly_60']);
    expect(bindings.registryLabel('person.tags', 'elderly_60')).toEqual({ zh: '老年人', en: 'aged 60+' });
    expect(bindings.toRegistry('person.tags', ['alone', 'veteran', 'empty_nest', 'elderly_60'])).toEqual({
      ok: true,
      value: ['living_alone', 'veteran', 'elderly_60'],
      unmapped: ['empty_nest'],
    });
    expect(bindings.toRegistry('person.tags', ['empty_nest'])).toEqual({ ok: true, value: null, unmapped: ['empty_nest'] });
  });

  it('reads a grade as a number and writes it back as its code', () => {
    expect(bindings.toAnswer('person.disability_grade', '2')).toBe('2');
    expect(bindings.toRegistry('person.disability_grade', 2)).toEqual({ ok: true, value: '2', unmapped: [] });
    expect(bindings.toRegistry('person.disability_grade', 7)).toMatchObject({ ok: false, message: { zh: expect.stringContaining('7') } });
  });

  it('reads the first phone and records a cleaned one', () => {
    expect(bindings.toAnswer('person.phone', ['13900001111', '0571-88886666'])).toBe('13900001111');
    expect(bindings.toRegistry('person.phone', '+86 139-0000-2222')).toEqual({ ok: true, value: ['13900002222'], unmapped: [] });
    expect(bindings.toRegistry('person.phone', '12345')).toMatchObject({ ok: false });
  });

  it('stores names and ID numbers in the registry’s canonical forms', () => {
    expect(bindings.toRegistry('person.name', ' 王  小明 ')).toMatchObject({ ok: true, value: '王小明' });
    expect(bindings.toRegistry('person.id_number', '11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X', unmapped: [] });
    expect(bindings.toRegistry('person.id_number', '110105194912310021')).toMatchObject({ ok: false });
  });
});
