import { describe, it, expect } from 'vitest';
import { validateIdNumber } from '../../lib/id-number.js';
import { COMPOUND_SURNAMES, isMobilePhone } from '../../lib/masking.js';
import {
  generatePopulation,
  type DemoDwelling,
  type DemoHousehold,
  type DemoPerson,
  type PopulationBatch,
  type PopulationOptions,
} from './population.js';

const COMMUNITIES = Array.from({ length: 12 }, (_, i) => {
  const code = `330106005${String(51 + i).padStart(3, '0')}`;
  return {
    code,
    gridCodes: Array.from({ length: 4 }, (_, g) => `${code}${String(g + 1).padStart(2, '0')}`),
    addressPrefix: '浙江省杭州市西湖区翠苑街道',
  };
});
const AS_OF = new Date('2025-06-30T00:00:00+08:00');
const AS_OF_DAY = '2025-06-30';
const OPTIONS: PopulationOptions = { seed: 2025, people: 20_000, communities: COMMUNITIES, asOf: AS_OF, batchSize: 2_000 };

interface Population {
  batches: PopulationBatch[];
  dwellings: DemoDwelling[];
  households: DemoHousehold[];
  people: DemoPerson[];
}

function collect(options: PopulationOptions): Population {
  const batches = [...generatePopulation(options)];
  return {
    batches,
    dwellings: batches.flatMap((b) => b.dwellings),
    households: batches.flatMap((b) => b.households),
    people: batches.flatMap((b) => b.people),
  };
}

/** Completed years on the given day, both as YYYY-MM-DD. */
function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function surnameOf(name: string): string {
  const chars = Array.from(name);
  return chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? chars[0] + chars[1] : chars[0];
}

function share(people: DemoPerson[], test: (p: DemoPerson) => boolean): number {
  return people.filter(test).length / people.length;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Checks every age-, status- and household-derived tag against the record itself; lists the wrong ones. */
function wrongTags(population: Population, asOfDay: string): string[] {
  const members = groupBy(population.people, (p) => p.householdId);
  const wrong: string[] = [];
  for (const p of population.people) {
    const age = ageOn(p.birthDate, asOfDay);
    const residents = members.get(p.householdId)!.filter((m) => m.residenceStatus !== 'left');
    const expected: Record<string, boolean> = {
      elderly_60: age >= 60,
      elderly_80: age >= 80,
      child: age < 18,
      school_age: age >= 6 && age <= 15,
      floating: p.residenceStatus === 'floating',
      disabled: p.disabilityGrade !== null,
      living_alone: residents.length === 1 && residents[0] === p && age >= 60,
    };
    for (const [tag, want] of Object.entries(expected)) {
      if (p.tags.includes(tag as never) !== want) wrong.push(`${p.id} ${tag} should be ${want}`);
    }
  }
  return wrong;
}

const sample = collect(OPTIONS);

describe('generatePopulation: shape and streaming', () => {
  it('generates exactly the requested number of people, with unique record IDs', () => {
    expect(sample.people).toHaveLength(20_000);
    for (const records of [sample.people, sample.households, sample.dwellings]) {
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    }
    expect(sample.people[0].id).toBe('P0000001');
    expect(sample.households[0].id).toBe('H0000001');
    expect(sample.dwellings[0].id).toBe('D0000001');
  });

  it('streams batches of whole dwellings that refer only to records in the same batch', () => {
    expect(sample.batches.length).toBeGreaterThan(5);
    sample.batches.forEach((batch, i) => {
      const dwellings = new Set(batch.dwellings.map((d) => d.id));
      const households = new Set(batch.households.map((h) => h.id));
      const people = new Set(batch.people.map((p) => p.id));
      const dangling = [
        ...batch.households.filter((h) => !dwellings.has(h.dwellingId) || !people.has(h.headPersonId)),
        ...batch.people.filter((p) => !households.has(p.householdId) || !dwellings.has(p.dwellingId)),
      ];
      expect(dangling).toEqual([]);
      // A batch closes after the dwelling that reaches batchSize; one dwelling holds at most two households of ≤ 5.
      if (i < sample.batches.length - 1) {
        expect(batch.people.length).toBeGreaterThanOrEqual(2_000);
        expect(batch.people.length).toBeLessThan(2_010);
      }
    });
  });

  it('yields nothing for zero people', () => {
    expect([...generatePopulation({ ...OPTIONS, people: 0 })]).toEqual([]);
  });

  it('rejects bad options when called, not later when iterated', () => {
    expect(() => generatePopulation({ ...OPTIONS, people: -1 })).toThrow(/people/);
    expect(() => generatePopulation({ ...OPTIONS, people: 1.5 })).toThrow(/people/);
    expect(() => generatePopulation({ ...OPTIONS, communities: [] })).toThrow(/community/);
    expect(() => generatePopulation({ ...OPTIONS, communities: [{ code: '330106005', gridCodes: ['g'] }] })).toThrow(/12 digits/);
    expect(() => generatePopulation({ ...OPTIONS, communities: [{ code: '330106005051', gridCodes: [] }] })).toThrow(/grid/);
    expect(() => generatePopulation({ ...OPTIONS, asOf: new Date('not a date') })).toThrow(/asOf/);
    expect(() => generatePopulation({ ...OPTIONS, batchSize: 0 })).toThrow(/batchSize/);
  });
});

describe('generatePopulation: determinism', () => {
  it('gives byte-identical output for the same options', () => {
    expect(JSON.stringify(collect(OPTIONS).batches)).toBe(JSON.stringify(sample.batches));
  });

  it('gives different output for a different seed', () => {
    const other = collect({ ...OPTIONS, seed: 2026 });
    expect(other.people).toHaveLength(20_000);
    const same = other.people.filter((p, i) => p.idNumber === sample.people[i].idNumber).length;
    expect(same).toBe(0);
  });

  it('gives the same records whatever the batch size', () => {
    const unbatched = collect({ ...OPTIONS, batchSize: 1_000_000 });
    expect(unbatched.batches).toHaveLength(1);
    expect(JSON.stringify(unbatched.people)).toBe(JSON.stringify(sample.people));
    expect(JSON.stringify(unbatched.dwellings)).toBe(JSON.stringify(sample.dwellings));
  });
});

describe('generatePopulation: people', () => {
  it('gives everyone a unique, valid ID number that agrees with birth date and sex', () => {
    const inconsistent = sample.people.filter((p) => {
      const id = validateIdNumber(p.idNumber, { asOf: AS_OF });
      return !id.ok || id.birthDate !== p.birthDate || id.sex !== p.sex;
    });
    expect(inconsistent).toEqual([]);
    expect(new Set(sample.people.map((p) => p.idNumber)).size).toBe(sample.people.length);
  });

  it('gives the floating population ID numbers issued outside Hangzhou, and most residents Hangzhou ones', () => {
    const floating = sample.people.filter((p) => p.residenceStatus === 'floating');
    expect(floating.every((p) => !p.idNumber.startsWith('3301'))).toBe(true);
    const registered = sample.people.filter((p) => p.residenceStatus !== 'floating');
    expect(share(registered, (p) => p.idNumber.startsWith('3301'))).toBeGreaterThan(0.7);
  });

  it('keeps ages within 0–100', () => {
    const ages = sample.people.map((p) => ageOn(p.birthDate, AS_OF_DAY));
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
  });

  it('gives phones only to adults, all valid mobile numbers and all distinct', () => {
    expect(sample.people.filter((p) => ageOn(p.birthDate, AS_OF_DAY) < 18 && p.phone !== null)).toEqual([]);
    const phones = sample.people.flatMap((p) => (p.phone === null ? [] : [p.phone]));
    expect(phones.filter((phone) => !isMobilePhone(phone))).toEqual([]);
    expect(new Set(phones).size).toBe(phones.length);
    const adults = sample.people.filter((p) => ageOn(p.birthDate, AS_OF_DAY) < 60 && ageOn(p.birthDate, AS_OF_DAY) >= 18);
    expect(share(adults, (p) => p.phone !== null)).toBe(1);
  });

  it('writes names as a surname and a one- or two-character given name', () => {
    const malformed = sample.people.filter((p) => {
      const givenLength = Array.from(p.name).length - surnameOf(p.name).length;
      return !(givenLength === 1 || givenLength === 2) || !/^[\u4e00-\u9fff]+$/.test(p.name);
    });
    expect(malformed).toEqual([]);
    expect(share(sample.people, (p) => surnameOf(p.name).length === 2)).toBeLessThan(0.01);
    expect(new Set(sample.people.map((p) => p.name)).size).toBeGreaterThan(10_000);
  });

  it('tags agree with age, residence, disability and living arrangement', () => {
    expect(wrongTags(sample, AS_OF_DAY)).toEqual([]);
  });

  it('computes ages exactly when asOf is 29 February', () => {
    const leap = collect({ ...OPTIONS, people: 3_000, asOf: new Date('2024-02-29T12:00:00+08:00') });
    expect(wrongTags(leap, '2024-02-29')).toEqual([]);
    expect(leap.people.filter((p) => !validateIdNumber(p.idNumber).ok)).toEqual([]);
  });

  it('gives the two social assistance tags only to registered residents, never both', () => {
    const assisted = sample.people.filter((p) => p.tags.includes('low_income') || p.tags.includes('special_hardship'));
    expect(assisted.length).toBeGreaterThan(0);
    expect(assisted.filter((p) => p.residenceStatus === 'floating')).toEqual([]);
    expect(assisted.filter((p) => p.tags.includes('low_income') && p.tags.includes('special_hardship'))).toEqual([]);
  });

  it('grades disability 1–4 with grade 4 most common', () => {
    const grades = sample.people.flatMap((p) => (p.disabilityGrade === null ? [] : [p.disabilityGrade]));
    const count = (g: number) => grades.filter((x) => x === g).length;
    expect(new Set(grades)).toEqual(new Set([1, 2, 3, 4]));
    expect(count(4)).toBeGreaterThan(count(1));
  });

  it('has realistic proportions on 20,000 people', () => {
    const people = sample.people;
    const age = (p: DemoPerson) => ageOn(p.birthDate, AS_OF_DAY);
    const proportions = {
      elderly60: share(people, (p) => age(p) >= 60),
      elderly80: share(people, (p) => age(p) >= 80),
      children: share(people, (p) => age(p) < 18),
      disabled: share(people, (p) => p.tags.includes('disabled')),
      lowIncome: share(people, (p) => p.tags.includes('low_income')),
      veterans: share(people, (p) => p.tags.includes('veteran')),
      floating: share(people, (p) => p.residenceStatus === 'floating'),
      left: share(people, (p) => p.residenceStatus === 'left'),
      minorities: share(people, (p) => p.ethnicity !== '汉族'),
      male: share(people, (p) => p.sex === 'male'),
      livingAloneAmongElderly: share(people.filter((p) => age(p) >= 60), (p) => p.tags.includes('living_alone')),
    };
    expect(proportions.elderly60).toBeGreaterThan(0.17);
    expect(proportions.elderly60).toBeLessThan(0.26);
    expect(proportions.elderly80).toBeGreaterThan(0.02);
    expect(proportions.elderly80).toBeLessThan(0.045);
    expect(proportions.children).toBeGreaterThan(0.12);
    expect(proportions.children).toBeLessThan(0.22);
    expect(proportions.disabled).toBeGreaterThan(0.045);
    expect(proportions.disabled).toBeLessThan(0.075);
    expect(proportions.lowIncome).toBeGreaterThan(0.008);
    expect(proportions.lowIncome).toBeLessThan(0.025);
    expect(proportions.veterans).toBeGreaterThan(0.005);
    expect(proportions.veterans).toBeLessThan(0.016);
    expect(proportions.floating).toBeGreaterThan(0.2);
    expect(proportions.floating).toBeLessThan(0.3);
    expect(proportions.left).toBeGreaterThan(0.02);
    expect(proportions.left).toBeLessThan(0.1);
    expect(proportions.minorities).toBeGreaterThan(0.01);
    expect(proportions.minorities).toBeLessThan(0.05);
    expect(proportions.male).toBeGreaterThan(0.47);
    expect(proportions.male).toBeLessThan(0.53);
    expect(proportions.livingAloneAmongElderly).toBeGreaterThan(0.08);
    expect(proportions.livingAloneAmongElderly).toBeLessThan(0.25);
    // Veterans are overwhelmingly men.
    const veterans = people.filter((p) => p.tags.includes('veteran'));
    expect(share(veterans, (p) => p.sex === 'male')).toBeGreaterThan(0.85);
  });
});

describe('generatePopulation: households and dwellings', () => {
  const membersOf = groupBy(sample.people, (p) => p.householdId);

  it('gives every household exactly one head, its headPersonId, an adult', () => {
    const wrong = sample.households.filter((h) => {
      const members = membersOf.get(h.id)!;
      const heads = members.filter((p) => p.relationToHead === '本人');
      return heads.length !== 1 || heads[0].id !== h.headPersonId || members[0] !== heads[0]
        || ageOn(heads[0].birthDate, AS_OF_DAY) < 18;
    });
    expect(wrong).toEqual([]);
  });

  it('never makes a child the head', () => {
    const heads = new Set(sample.households.map((h) => h.headPersonId));
    const children = sample.people.filter((p) => ageOn(p.birthDate, AS_OF_DAY) < 18);
    expect(children.length).toBeGreaterThan(1000);
    expect(children.filter((p) => heads.has(p.id))).toEqual([]);
  });

  it('keeps households to 1–5 people, averaging near the urban figure', () => {
    const sizes = sample.households.map((h) => membersOf.get(h.id)!.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(5);
    const mean = sample.people.length / sample.households.length;
    expect(mean).toBeGreaterThan(2.2);
    expect(mean).toBeLessThan(2.9);
    for (const size of [1, 2, 3, 4]) expect(sizes.filter((s) => s === size).length / sizes.length).toBeGreaterThan(0.08);
  });

  it('includes the household types of a city: elderly couples, young families, three generations', () => {
    const households = [...membersOf.values()];
    const age = (p: DemoPerson) => ageOn(p.birthDate, AS_OF_DAY);
    const elderlyCouples = households.filter((m) => m.length === 2 && m[1].relationToHead === '配偶' && m.every((p) => age(p) >= 60));
    const youngFamilies = households.filter((m) => m.some((p) => p.relationToHead === '配偶') && m.some((p) => age(p) < 6));
    const threeGenerations = households.filter((m) => m.some((p) => p.relationToHead === '父母' || p.relationToHead === '孙子女'));
    for (const kind of [elderlyCouples, youngFamilies, threeGenerations]) {
      expect(kind.length / households.length).toBeGreaterThan(0.04);
    }
  });

  it('makes parents older than their children, and children share a parent’s surname', () => {
    let sharing = 0;
    let children = 0;
    const wrong: string[] = [];
    for (const members of membersOf.values()) {
      const head = members[0];
      const spouse = members.find((p) => p.relationToHead === '配偶');
      for (const child of members.filter((p) => p.relationToHead === '子' || p.relationToHead === '女')) {
        children++;
        if (child.birthDate <= head.birthDate) wrong.push(`${child.id} not younger than the head`);
        if (child.sex !== (child.relationToHead === '子' ? 'male' : 'female')) wrong.push(`${child.id} 子/女 contradicts sex`);
        if ([head, spouse].some((parent) => parent && surnameOf(parent.name) === surnameOf(child.name))) sharing++;
      }
      for (const parent of members.filter((p) => p.relationToHead === '父母')) {
        if (parent.birthDate >= head.birthDate) wrong.push(`${parent.id} not older than the head`);
      }
    }
    expect(wrong).toEqual([]);
    expect(sharing / children).toBeGreaterThan(0.9);
  });

  it('lets only collective households have unrelated members, and marks them so', () => {
    const collective = sample.households.filter((h) => h.registrationType === 'collective');
    expect(collective.length).toBeGreaterThan(0);
    const related = collective.filter((h) => membersOf.get(h.id)!.slice(1).some((p) => p.relationToHead !== '其他'));
    expect(related).toEqual([]);
  });

  it('places dwellings in the given communities and their grids, with full addresses', () => {
    const grids = new Map(COMMUNITIES.map((c) => [c.code, new Set(c.gridCodes)]));
    const address = /^浙江省杭州市西湖区翠苑街道[\u4e00-\u9fff]+路\d+号(\S+?)(\d+)幢(\d)单元([1-9]\d?0[1-4])室$/;
    const misplaced = sample.dwellings.filter((d) => {
      const parts = address.exec(d.address);
      return !grids.get(d.communityCode)?.has(d.gridCode)
        || !parts || parts[1] !== d.compound || parts[2] !== d.building || parts[3] !== d.unit || parts[4] !== d.room
        || !/(花园|苑|新村|家园|公寓|小区|府|[一二三]区)([二三四五六七八九十]|\d+)?期?$/.test(d.compound);
    });
    expect(misplaced).toEqual([]);
    for (const community of COMMUNITIES) {
      const used = new Set(sample.dwellings.filter((d) => d.communityCode === community.code).map((d) => d.gridCode));
      expect(used.size, community.code).toBeGreaterThanOrEqual(2);
    }
  });

  it('leaves some dwellings vacant and puts a let-out flat’s registered family elsewhere', () => {
    const occupied = new Set(sample.households.map((h) => h.dwellingId));
    const vacant = sample.dwellings.filter((d) => !occupied.has(d.id)).length / sample.dwellings.length;
    expect(vacant).toBeGreaterThan(0.02);
    expect(vacant).toBeLessThan(0.12);
    for (const households of groupBy(sample.households, (h) => h.dwellingId).values()) {
      if (households.length < 2) continue;
      const statuses = households.map((h) => new Set(membersOf.get(h.id)!.map((p) => p.residenceStatus)));
      expect([...statuses[0]]).toEqual(['left']);
      expect([...statuses[1]]).toEqual(['floating']);
    }
  });
});
