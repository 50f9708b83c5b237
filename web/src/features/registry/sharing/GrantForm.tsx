import { DatePicker, Form, Input, Modal, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listDepartments } from '../../org/api';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { createGrant } from '../api';
import type { Purpose } from '../purposes';
import type { GrantableField } from '../types';

interface GrantValues {
  departmentCode: string;
  fields: string[];
  purpose: Purpose;
  legalBasis: string;
  jurisdictionCode: string;
  validity: [Dayjs, Dayjs];
}

const GRANT_PURPOSES: readonly Purpose[] = ['service_delivery', 'case_handling', 'statistics', 'emergency'];

/** A new grant: a department, the fields it may read, why and on what legal basis, where, from when until when. */
export function GrantForm({ fields, onClose, onCreated }: { fields: readonly GrantableField[]; onClose(): void; onCreated(): void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<GrantValues>();
  const jurisdictions = useJurisdictions();
  const departments = useRequest((signal) => listDepartments(signal), []);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(values: GrantValues) {
    setSending(true);
    setError(null);
    try {
      await createGrant({
        departmentCode: values.departmentCode,
        fields: values.fields,
        purpose: values.purpose,
        legalBasis: values.legalBasis.trim(),
        jurisdictionCode: values.jurisdictionCode,
        validFrom: values.validity[0].startOf('day').format(),
        validUntil: values.validity[1].endOf('day').format(),
      });
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open
      title={t.grants.new}
      okText={t.grants.create}
      onOk={() => form.submit()}
      confirmLoading={sending}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'grant-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{ purpose: 'service_delivery', jurisdictionCode: jurisdictions.selected?.code, validity: [dayjs(), dayjs().add(1, 'year')] }}
        data-testid="grant-form"
      >
        <Form.Item name="departmentCode" label={t.grants.department} rules={[{ required: true, message: t.grants.required }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.loading}
            options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
            data-testid="grant-department"
          />
        </Form.Item>
        <Form.Item name="fields" label={t.grants.fields} rules={[{ required: true, message: t.grants.required }]} extra={t.grants.fieldsHint}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={fields.map((f) => ({ value: f.key, label: locale === 'en' ? f.nameEn : f.name, sensitivity: f.sensitivity }))}
            optionRender={(option) => (
              <span>
                {option.label}
                {option.data.sensitivity === 'sensitive' && (
                  <Tag color="purple" style={{ marginInlineStart: 6 }}>
                    {t.registry.provenance.sensitive}
                  </Tag>
                )}
              </span>
            )}
            data-testid="grant-fields"
          />
        </Form.Item>
        <Form.Item name="purpose" label={t.grants.purpose} rules={[{ required: true, message: t.grants.required }]}>
          <Select options={GRANT_PURPOSES.map((p) => ({ value: p, label: t.purposes[p] }))} data-testid="grant-purpose" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t.grants.legalBasis} rules={[{ required: true, whitespace: true, message: t.grants.required }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t.grants.legalBasisPlaceholder} data-testid="grant-legal-basis" />
        </Form.Item>
        <Form.Item name="jurisdictionCode" label={t.grants.jurisdiction} rules={[{ required: true, message: t.grants.required }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={jurisdictions.items.filter((j) => j.level !== 'grid').map((j) => ({ value: j.code, label: `${j.name}（${t.levels[j.level]}）` }))}
            data-testid="grant-jurisdiction"
          />
        </Form.Item>
        <Form.Item name="validity" label={t.grants.validity} rules={[{ required: true, message: t.grants.required }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {error !== null && <ErrorAlert error={error} testId="grant-error" />}
    </Modal>
  );
}
