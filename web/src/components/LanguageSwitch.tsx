import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { LOCALES, useI18n, type Locale } from '../i18n';

/** 中文 / English. `compact` shows only the globe, for narrow headers. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const current = LOCALES.find((option) => option.value === locale);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: LOCALES.map((option) => ({ key: option.value, label: option.label })),
        selectable: true,
        selectedKeys: [locale],
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t.language.label} data-testid="language-switch">
        {compact ? null : current?.label}
      </Button>
    </Dropdown>
  );
}
