import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import type { AuditFilter, AuditOutcome } from './api';

interface FilterFields {
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** Whole days in the user's time zone, as the instants the API compares `at` with. */
function toFilter({ actor, action, outcome, period }: FilterFields): AuditFilter {
  return {
    actor: actor?.trim() || undefined,
    action: action?.trim() || undefined,
    outcome,
    from: period?.[0]?.startOf('day').toISOString(),
    to: period?.[1]?.endOf('day').toISOString(),
  };
}

export function AuditFilters({ onChange }: { onChange(filter: AuditFilter): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterFields>();

  return (
    <Form<FilterFields>
      form={form}
      layout="inline"
      onFinish={(fields) => onChange(toFilter(fields))}
      onReset={() => onChange({})}
      style={{ rowGap: 12 }}
    >
      <Form.Item name="actor">
        <Input placeholder={t.audit.filters.actor} allowClear aria-label={t.audit.filters.actor} />
      </Form.Item>
      <Form.Item name="action">
        <Input placeholder={t.audit.filters.action} allowClear aria-label={t.audit.filters.action} />
      </Form.Item>
      <Form.Item name="outcome">
        <Select
          style={{ minWidth: 140 }}
          placeholder={t.audit.filters.anyOutcome}
          allowClear
          aria-label={t.audit.columns.outcome}
          options={[
            { value: 'allowed', label: t.audit.outcome.allowed },
            { value: 'denied', label: t.audit.outcome.denied },
          ]}
        />
      </Form.Item>
      <Form.Item name="period">
        <DatePicker.RangePicker aria-label={t.audit.columns.at} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t.audit.filters.search}
          </Button>
          <Button htmlType="reset">{t.audit.filters.reset}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
