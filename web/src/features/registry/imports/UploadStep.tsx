import { InboxOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Select, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { uploadImport } from '../api';
import type { ImportView } from '../types';

/** The department's file, the jurisdiction it covers and the date it was true on. */
export function UploadStep({ onUploaded }: { onUploaded(created: ImportView): void }) {
  const { t } = useI18n();
  const jurisdictions = useJurisdictions();
  const [file, setFile] = useState<File | null>(null);
  const [jurisdiction, setJurisdiction] = useState<string>();
  const [observedAt, setObservedAt] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = jurisdiction ?? jurisdictions.selected?.code;

  async function submit() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onUploaded(await uploadImport(file, { jurisdictionCode: chosen, observedAt: observedAt?.format('YYYY-MM-DD') }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={12} style={{ maxWidth: 640 }}>
      <div data-testid="import-file">
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          beforeUpload={(chosenFile) => {
            setFile(chosenFile);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t.imports.upload.drag}</p>
          <p className="ant-upload-hint">{t.imports.upload.formats}</p>
        </Upload.Dragger>
      </div>
      <Form layout="vertical">
        <Form.Item label={t.imports.upload.jurisdiction}>
          <Select
            value={chosen}
            onChange={setJurisdiction}
            showSearch={{ optionFilterProp: 'label' }}
            options={jurisdictions.items.filter((j) => j.level !== 'grid').map((j) => ({ value: j.code, label: `${j.name}（${t.levels[j.level]}）` }))}
            data-testid="import-jurisdiction"
          />
        </Form.Item>
        <Form.Item label={t.imports.upload.observedAt} extra={t.imports.upload.observedAtHint}>
          <DatePicker value={observedAt} onChange={setObservedAt} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
      {error !== null && <ErrorAlert error={error} />}
      <Flex>
        <Button type="primary" disabled={!file} loading={busy} onClick={() => void submit()} data-testid="import-upload">
          {t.imports.upload.submit}
        </Button>
      </Flex>
    </Flex>
  );
}
