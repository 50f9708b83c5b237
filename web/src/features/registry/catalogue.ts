import { useRequest } from '../../hooks/useRequest';
import type { Locale } from '../../i18n';
import { getCatalogue } from './api';
import type { Catalogue, FactValue } from './types';

/** The catalogue changes with a migration or a tag edit, not while a page is open: fetched once per tab. */
let loading: Promise<Catalogue> | null = null;

function loadCatalogue(): Promise<Catalogue> {
  loading ??= getCatalogue().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

export function useCatalogue(): Catalogue | undefined {
  return useRequest(() => loadCatalogue(), []).data;
}

/** Where a reference field's value leads: the record page of the household or dwelling it names. */
export function referencePath(field: string, id: string): string | null {
  if (field.endsWith('.household')) return `/registry/households/${encodeURIComponent(id)}`;
  if (/dwelling|premises/.test(field)) return `/registry/dwellings/${encodeURIComponent(id)}`;
  return null;
}

/** A stored value in the reader's words: code-list labels and tag names instead of codes. */
export function describeValue(catalogue: Catalogue | undefined, locale: Locale, field: string, value: FactValue): string {
  const values = Array.isArray(value) ? value : [value];
  const definition = catalogue?.fields.find((f) => f.key === field);
  const label = (code: string) => {
    if (definition?.type === 'tag') {
      const tag = catalogue?.tags.find((x) => x.code === code);
      return tag ? (locale === 'en' ? tag.nameEn : tag.name) : code;
    }
    const entry = definition?.codes?.find((x) => x.code === code);
    return entry ? (locale === 'en' ? entry.labelEn : entry.label) : code;
  };
  return values.map(label).join(locale === 'en' ? ', ' : '、');
}

/** A code of one of the person's code lists (sex, residence status, relation to head) in the reader's words. */
export function describeCode(catalogue: Catalogue | undefined, locale: Locale, field: string, code: string | null): string | null {
  return code === null ? null : describeValue(catalogue, locale, field, code);
}
