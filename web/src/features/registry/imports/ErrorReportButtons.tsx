import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { downloadErrorReport } from '../api';

/** The per-row, per-field error report, for the department to correct its data. */
export function ErrorReportButtons({ importId }: { importId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(format: 'xlsx' | 'csv') {
    setBusy(format);
    setError(null);
    try {
      await downloadErrorReport(importId, format);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')} data-testid="error-report-xlsx">
          {t.imports.errorReport.xlsx}
        </Button>
        <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => void download('csv')} data-testid="error-report-csv">
          {t.imports.errorReport.csv}
        </Button>
      </Flex>
      {error !== null && <ErrorAlert error={error} />}
    </Flex>
  );
}
