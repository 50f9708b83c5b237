import type { Locale } from '../../../i18n';
import type { Assessment, AssessmentGroup, MetricDefinition } from '../types';

/** A metric's name and definition in the reader's language, as the server words them. */
export function definitionIn(locale: Locale, definition: MetricDefinition): { name: string; text: string } {
  return locale === 'en' ? { name: definition.nameEn, text: definition.definitionEn } : { name: definition.name, text: definition.definition };
}

export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** Rankings: ranked units best first, then those not ranked (too few cases, or no composite yet). */
export function rankingOrder(assessment: Assessment): AssessmentGroup[] {
  return [...assessment.groups].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.cases - a.cases);
}
