/**
 * What of a record a caller is shown, applied to every value on the way out:
 * ID numbers and phones masked unless the role needs them in clear for the
 * declared purpose; sensitive fields and tags (health, disability, low income,
 * criminal justice) left out unless the role needs them for that purpose.
 * Leaving out, not masking: a visible "hidden" marker would itself disclose.
 */
import type { Scope } from '../../kernel/access/access.js';
import { maskIdNumber, maskName, maskPhone } from '../../lib/masking.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { seesContactInClear, seesNamesInLists, seesSensitive } from './policy.js';
import type { ClaimView, FieldView, HistoryEntry } from './provenance.js';
import type { FactValue } from './schema.js';

export class Disclosure {
  private constructor(
    private readonly catalogue: Catalogue,
    private readonly scope: Scope,
    private readonly contactInClear: boolean,
    private readonly namesInClear: boolean,
  ) {}

  /** For one record's page. */
  static forRecord(catalogue: Catalogue, scope: Scope): Disclosure {
    return new Disclosure(catalogue, scope, seesContactInClear(scope.role, scope.purpose), true);
  }

  /** For lists of many records: contact details always masked, names too when the purpose is statistics. */
  static forList(catalogue: Catalogue, scope: Scope): Disclosure {
    return new Disclosure(catalogue, scope, false, seesNamesInLists(scope.purpose));
  }

  showsField(key: string): boolean {
    const category = this.catalogue.field(key)?.sensitiveCategory;
    return !category || seesSensitive(this.scope.role, this.scope.purpose, category);
  }

  showsTag(code: string): boolean {
    const category = this.catalogue.tag(code)?.sensitiveCategory;
    return !category || seesSensitive(this.scope.role, this.scope.purpose, category);
  }

  name(name: string): string {
    return this.namesInClear ? name : maskName(name);
  }

  idNumber(value: string | null): string | null {
    return value === null || this.contactInClear ? value : maskIdNumber(value);
  }

  phone(value: string | null): string | null {
    return value === null || this.contactInClear ? value : maskPhone(value);
  }

  tags(codes: readonly string[]): string[] {
    return codes.filter((c) => this.showsTag(c));
  }

  /** A value of a catalogue field, as this caller may see it. */
  value(key: string, value: FactValue): FactValue {
    const type = this.catalogue.field(key)?.type;
    if (type === 'id_number') return Array.isArray(value) ? value.map((v) => this.idNumber(v)!) : this.idNumber(value)!;
    if (type === 'phone') return Array.isArray(value) ? value.map((v) => this.phone(v)!) : this.phone(value)!;
    if (type === 'tag') return this.tags(Array.isArray(value) ? value : [value]);
    return value;
  }

  fields(views: readonly FieldView[]): FieldView[] {
    return views
      .filter((v) => this.showsField(v.field))
      .map((v) => ({
        ...v,
        value: this.value(v.field, v.value),
        from: v.from.map((c) => this.claim(v.field, c)),
        disagreements: v.disagreements.map((c) => this.claim(v.field, c)),
      }));
  }

  history(entries: readonly HistoryEntry[]): HistoryEntry[] {
    return entries.filter((e) => this.showsField(e.field)).map((e) => ({ ...this.claim(e.field, e), field: e.field, current: e.current, supersededAt: e.supersededAt }));
  }

  private claim(key: string, claim: ClaimView): ClaimView {
    return { ...claim, value: this.value(key, claim.value) };
  }
}
