/**
 * Languages of the UI: zh-CN (default) and English.
 *
 * Why no i18n library: the UI's strings live in one typed dictionary per
 * language. zh-CN is the reference and `en: Messages` makes the compiler reject
 * a missing or misspelt key; interpolation is a plain function; neither
 * language needs plural rules for these strings. A library would bring a
 * runtime, string keys the compiler cannot check, and a new dependency, for
 * what one React context does here.
 */
import { ConfigProvider } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
// Month and weekday names for antd's date pickers in Chinese.
import 'dayjs/locale/zh-cn';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setRequestLanguage } from '../api';
import { en } from './en';
import { zhCN, type Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

export const LOCALES: ReadonlyArray<{ value: Locale; label: string }> = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const antdLocales = { 'zh-CN': antdZhCN, en: antdEnUS } as const;
const STORAGE_KEY = 'gongzhi.locale';

interface I18nValue {
  locale: Locale;
  t: Messages;
  setLocale(locale: Locale): void;
  formatDateTime(iso: string): string;
}

const I18nContext = createContext<I18nValue | null>(null);

function storedLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${dictionaries[locale].app.name} · ${dictionaries[locale].app.tagline}`;
    setRequestLanguage(locale);
  }, [locale]);

  const value = useMemo<I18nValue>(() => {
    const dateTime = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return {
      locale,
      t: dictionaries[locale],
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLocaleState(next);
      },
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
    };
  }, [locale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[locale]}>{children}</ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
