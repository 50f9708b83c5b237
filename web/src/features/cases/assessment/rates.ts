import type { Locale } from '../../../i18n';
import { METRICS, type Assessment, type AssessmentGroup, type Metric, type MetricDefinition, type Rate } from '../types';

/**
 * The rates over every group: numerators and denominators summed. Exact when
 * the groups partition the facts, which grouping by street does (every case
 * is placed in a street at intake), so headline figures come from that view.
 */
export function totalRates(groups: readonly AssessmentGroup[]): Record<Metric, Rate> {
  return Object.fromEntries(
    METRICS.map((metric) => {
      const numerator = groups.reduce((sum, group) => sum + group.rates[metric].numerator, 0);
      const denominator = groups.reduce((sum, group) => sum + group.rates[metric].denominator, 0);
      return [metric, { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }];
    }),
  ) as Record<Metric, Rate>;
}

/** A metric's name and definition in the reader's language, as the server words them. */
export function definitionIn(locale: Locale, definition: MetricDefinition): { name: string; text: string } {
  return locale === 'en' ? { name: definition.nameEn, text: definition.definitionEn } : { name: definition.name, text: definition.definition };
}

export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** Rankings: ranked units best first, then those not ranked (too few cases, or no composite yet). */
export function rankingOrder(assessment: Assessment): AssessmentGroup[] {
  return [...assessment.groups].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.cases - a.cases);
}
