import { describe, expect, it } from 'vitest';
import { applyShare, decideShare, grantProblems, shareableSubtrees, sharedTags, tagField, type FieldCatalogue, type ShareGrant, type ShareRequest } from './grants.js';

const catalogue: FieldCatalogue = new Map([
  ['person.name', { type: 'name', sensitivity: 'personal' }],
  ['person.id_number', { type: 'id_number', sensitivity: 'personal' }],
  ['person.phones', { type: 'phone', sensitivity: 'personal' }],
  ['person.birth_date', { type: 'date', sensitivity: 'personal' }],
  ['person.tags', { type: 'tag', sensitivity: 'personal' }],
  ['person.disability_grade', { type: 'code', sensitivity: 'sensitive' }],
  ['person.tags.low_income', { type: 'tag', sensitivity: 'sensitive' }],
] as const);

const XIHU = '330100.330106';
const BEISHAN = `${XIHU}.330106002`;
const XIXI = `${XIHU}.330106004`;

const grant: ShareGrant = {
  id: 'g-1',
  departmentId: 'XH-MZ',
  fields: ['person.name', 'person.id_number', 'person.birth_date', 'person.disability_grade'],
  purpose: 'service_delivery',
  legalBasis: '《社会救助暂行办法》第十一条',
  jurisdictionPath: BEISHAN,
  validFrom: new Date('2026-01-01T00:00:00+08:00'),
  validUntil: new Date('2027-01-01T00:00:00+08:00'),
};

const request: ShareRequest = {
  departmentId: 'XH-MZ',
  purpose: 'service_delivery',
  jurisdictionPath: `${BEISHAN}.330106002051`,
  fields: ['person.name', 'person.id_number', 'person.birth_date'],
  now: new Date('2026-07-01T09:00:00+08:00'),
};

describe('decideShare', () => {
  it('allows the granted fields in clear, naming the grant and its legal basis', () => {
    expect(decideShare([grant], request, catalogue)).toEqual({
      allowed: true,
      grants: [{ id: 'g-1', legalBasis: grant.legalBasis }],
      clear: ['person.name', 'person.id_number', 'person.birth_date'],
      masked: [],
      withheld: [],
    });
  });

  it('limits a request to the granted fields: identifying fields masked, the rest withheld', () => {
    const decision = decideShare([grant], { ...request, fields: ['person.name', 'person.phones', 'person.tags', 'person.unknown'] }, catalogue);
    expect(decision).toMatchObject({ allowed: true, clear: ['person.name'], masked: ['person.phones'], withheld: ['person.tags', 'person.unknown'] });
  });

  it('never shows an ungranted sensitive field, not even masked', () => {
    const narrow = { ...grant, fields: ['person.name'] };
    expect(decideShare([narrow], { ...request, fields: ['person.disability_grade'] }, catalogue)).toMatchObject({ withheld: ['person.disability_grade'] });
  });

  it('joins the fields of several valid grants', () => {
    const phones = { ...grant, id: 'g-2', fields: ['person.phones'], legalBasis: '《居民身份证法》' };
    const decision = decideShare([grant, phones], { ...request, fields: ['person.name', 'person.phones'] }, catalogue);
    expect(decision).toMatchObject({ allowed: true, clear: ['person.name', 'person.phones'], grants: [{ id: 'g-1' }, { id: 'g-2' }] });
  });

  it('denies a department without any grant', () => {
    expect(decideShare([grant], { ...request, departmentId: 'XH-CG' }, catalogue)).toEqual({ allowed: false, reason: 'no_grant' });
  });

  it('denies another purpose than the granted one', () => {
    expect(decideShare([grant], { ...request, purpose: 'statistics' }, catalogue)).toEqual({ allowed: false, reason: 'purpose_mismatch' });
  });

  it('denies data outside the granted subtree, including the parent of the subtree', () => {
    expect(decideShare([grant], { ...request, jurisdictionPath: `${XIXI}.330106004053` }, catalogue)).toEqual({ allowed: false, reason: 'wrong_scope' });
    expect(decideShare([grant], { ...request, jurisdictionPath: XIHU }, catalogue)).toEqual({ allowed: false, reason: 'wrong_scope' });
  });

  it('denies an expired grant from the instant it ends, and one not yet valid', () => {
    expect(decideShare([grant], { ...request, now: grant.validUntil }, catalogue)).toEqual({ allowed: false, reason: 'expired' });
    expect(decideShare([grant], { ...request, now: new Date('2025-12-31T23:59:59+08:00') }, catalogue)).toEqual({ allowed: false, reason: 'not_yet_valid' });
    expect(decideShare([grant], { ...request, now: grant.validFrom }, catalogue).allowed).toBe(true);
  });

  it('names the check that no grant passes, purpose before scope before period', () => {
    const elsewhere = { ...grant, id: 'g-3', jurisdictionPath: XIXI };
    const expired = { ...grant, id: 'g-4', validUntil: new Date('2026-02-01T00:00:00+08:00') };
    expect(decideShare([elsewhere, expired], request, catalogue)).toEqual({ allowed: false, reason: 'expired' });
    expect(decideShare([elsewhere], request, catalogue)).toEqual({ allowed: false, reason: 'wrong_scope' });
  });
});

describe('applyShare', () => {
  it('returns clear fields as they are, masks masked ones (every phone of a list) and leaves the rest out', () => {
    const decision = decideShare([grant], { ...request, fields: ['person.name', 'person.phones', 'person.tags'] }, catalogue);
    if (!decision.allowed) throw new Error('expected an allowed decision');
    const person = { 'person.name': '欧阳娜娜', 'person.phones': ['13900001111', '13812345678'], 'person.tags': ['elderly_80'], 'person.id_number': '11010519491231002X' };
    expect(applyShare(decision, catalogue, person)).toEqual({ 'person.name': '欧阳娜娜', 'person.phones': ['139****1111', '138****5678'] });
  });

  it('masks names and ID numbers per the masking rules', () => {
    const narrow = { ...grant, fields: ['person.birth_date'] };
    const decision = decideShare([narrow], request, catalogue);
    if (!decision.allowed) throw new Error('expected an allowed decision');
    const person = { 'person.name': '张伟', 'person.id_number': '11010519491231002X', 'person.birth_date': '1949-12-31' };
    expect(applyShare(decision, catalogue, person)).toEqual({ 'person.name': '张*', 'person.id_number': '110105********002X', 'person.birth_date': '1949-12-31' });
  });
});

describe('grantProblems', () => {
  it('accepts a complete grant', () => {
    expect(grantProblems(grant, catalogue)).toEqual([]);
  });

  it('names what is missing or wrong', () => {
    const bad: ShareGrant = { ...grant, fields: [], legalBasis: ' ', jurisdictionPath: '西湖区', validUntil: grant.validFrom };
    expect(grantProblems(bad, catalogue)).toEqual(['no_fields', 'no_legal_basis', 'bad_jurisdiction_path', 'empty_period']);
    expect(grantProblems({ ...grant, fields: ['person.salary'] }, catalogue)).toEqual(['unknown_field']);
  });
});

describe('shareableSubtrees', () => {
  const search = { departmentId: 'XH-MZ', purpose: 'service_delivery' as const, within: null, now: request.now };

  it('searches the subtrees of the current grants for the purpose', () => {
    const xixi = { ...grant, id: 'g-5', jurisdictionPath: XIXI };
    const expired = { ...grant, id: 'g-6', jurisdictionPath: `${XIHU}.330106005`, validUntil: new Date('2026-02-01T00:00:00+08:00') };
    expect(shareableSubtrees([grant, xixi, expired], search)).toMatchObject({ allowed: true, paths: [BEISHAN, XIXI], grants: [{ id: 'g-1' }, { id: 'g-5' }] });
  });

  it('cuts the subtree down to the jurisdiction asked for, and keeps a grant lying inside it', () => {
    const community = `${BEISHAN}.330106002051`;
    expect(shareableSubtrees([grant], { ...search, within: community })).toMatchObject({ allowed: true, paths: [community] });
    expect(shareableSubtrees([grant], { ...search, within: XIHU })).toMatchObject({ allowed: true, paths: [BEISHAN] });
  });

  it('denies with the reason, in the order of decideShare', () => {
    expect(shareableSubtrees([grant], { ...search, departmentId: 'XH-WJ' })).toEqual({ allowed: false, reason: 'no_grant' });
    expect(shareableSubtrees([grant], { ...search, purpose: 'statistics' })).toEqual({ allowed: false, reason: 'purpose_mismatch' });
    expect(shareableSubtrees([grant], { ...search, within: XIXI })).toEqual({ allowed: false, reason: 'wrong_scope' });
    expect(shareableSubtrees([grant], { ...search, now: grant.validUntil })).toEqual({ allowed: false, reason: 'expired' });
  });
});

describe('sharedTags', () => {
  const tagsOf = (fields: string[]) => {
    const decision = decideShare([{ ...grant, fields }], { ...request, fields: ['person.tags', tagField('low_income')] }, catalogue);
    if (!decision.allowed) throw new Error('expected an allowed decision');
    return sharedTags(decision, catalogue, ['elderly_80', 'low_income']);
  };

  it('shows the tags that are not sensitive under person.tags, a sensitive one only when granted by name', () => {
    expect(tagsOf(['person.tags'])).toEqual(['elderly_80']);
    expect(tagsOf(['person.tags', tagField('low_income')])).toEqual(['elderly_80', 'low_income']);
    expect(tagsOf([tagField('low_income')])).toEqual(['low_income']);
    expect(tagsOf(['person.name'])).toEqual([]);
  });
});
