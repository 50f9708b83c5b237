/** Default messages for answers that fail validation, in both languages the UI offers. */
import type { LocalizedText } from './spec.js';

export interface Message {
  zh: string;
  en: string;
}

export const MESSAGES = {
  required: { zh: '此项为必填项', en: 'This question is required.' },
  constraint: { zh: '答案不符合要求', en: 'This answer is not allowed.' },
  text: { zh: '请输入文字', en: 'Enter text.' },
  integer: { zh: '请输入整数', en: 'Enter a whole number.' },
  decimal: { zh: '请输入数字', en: 'Enter a number.' },
  date: { zh: '请输入有效日期（年-月-日）', en: 'Enter a valid date (YYYY-MM-DD).' },
  notAChoice: { zh: '请从列出的选项中选择', en: 'Choose one of the listed options.' },
  filteredOut: { zh: '该选项与前面的回答不符', en: 'This option does not fit the earlier answers.' },
  entries: { zh: '应为条目列表', en: 'Expected a list of entries.' },
  entry: { zh: '条目格式不正确', en: 'Each entry must be a set of answers.' },
  answers: { zh: '答案格式不正确', en: 'Answers must be a set of question names and values.' },
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof MESSAGES;

/**
 * The author's message where there is one, else the default. An author who
 * wrote only one language is shown in both: their words say more about the
 * rule than a generic default does.
 */
export function authorOrDefault(author: LocalizedText | undefined, fallback: Message): Message {
  return {
    zh: author?.zh ?? author?.en ?? fallback.zh,
    en: author?.en ?? author?.zh ?? fallback.en,
  };
}
