import { useRequest } from '../../hooks/useRequest';
import { listCategories } from './api';
import type { Category } from './types';

// The taxonomy is edited rarely and read on many pages: one fetch per page load.
let cached: Promise<Category[]> | null = null;

function loadCategories(): Promise<Category[]> {
  if (!cached) {
    cached = listCategories();
    cached.catch(() => (cached = null));
  }
  return cached;
}

export function useCategories() {
  return useRequest(() => loadCategories(), []);
}

/** An attribute answer in words: the question's text and, for lists, the names of the chosen values. */
export function describeAnswer(category: Category | undefined, code: string, answer: unknown): { question: string; answer: string } {
  const definition = category?.attributes.find((attribute) => attribute.code === code);
  const name = (key: unknown) => definition?.values.find((value) => value.key === key)?.name ?? String(key);
  return {
    question: definition?.description ?? code,
    answer: Array.isArray(answer) ? answer.map(name).join('、') : name(answer),
  };
}
