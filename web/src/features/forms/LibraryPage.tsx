import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Select, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { listDepartments } from '../org/api';
import { formDownloadUrl, listForms, publishWorkbook } from './api';
import type { FormSummary, PublishOutcome, SpecIssue } from './types';

/** Departments publish their forms as XLSForm workbooks here, and download them back. */
export default function LibraryPage() {
  const { t, formatDateTime } = useI18n();
  const { grant } = useSignedIn();
  const forms = useRequest((signal) => listForms('all', signal), []);
  // Department staff publish for their own department; a data steward says for which.
  const departments = useRequest((signal) => (grant.role === 'data_steward' ? listDepartments(signal) : Promise.resolve([])), [grant.role]);
  const [departmentCode, setDepartmentCode] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<PublishOutcome | null>(null);
  const [issues, setIssues] = useState<SpecIssue[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  async function upload(file: File) {
    setUploading(true);
    setOutcome(null);
    setIssues(null);
    setError(null);
    try {
      setOutcome(await publishWorkbook(file, departmentCode));
      forms.reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'form.invalid') setIssues((failure.details as { issues: SpecIssue[] }).issues);
      else setError(failure);
    } finally {
      setUploading(false);
    }
  }

  const columns: TableColumnsType<FormSummary> = [
    { key: 'title', title: t.forms.library.title, render: (_, f) => <Flex vertical><Typography.Text strong>{f.title}</Typography.Text><Typography.Text type="secondary">{f.formKey}</Typography.Text></Flex> },
    { key: 'version', title: t.forms.library.version, render: (_, f) => `v${f.version}${f.specVersion ? ` (${f.specVersion})` : ''}` },
    { key: 'owner', title: t.forms.library.owner, render: (_, f) => f.ownerDepartment.name },
    { key: 'status', title: t.forms.library.status, render: (_, f) => <Tag color={f.status === 'active' ? 'green' : 'default'}>{t.forms.library.statuses[f.status]}</Tag> },
    { key: 'published', title: t.forms.library.published, render: (_, f) => `${formatDateTime(f.publishedAt)}${f.publishedBy ? ` · ${f.publishedBy}` : ''}` },
    {
      key: 'download',
      title: '',
      render: (_, f) => (
        <a href={formDownloadUrl(f.id)} download>
          <DownloadOutlined /> {t.forms.library.download}
        </a>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.formLibrary}
      </Typography.Title>
      <Card size="small" title={t.forms.library.publish}>
        <Flex vertical gap={8}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t.forms.library.publishHint}
          </Typography.Paragraph>
          {grant.role === 'data_steward' && (
            <Select
              value={departmentCode}
              onChange={setDepartmentCode}
              placeholder={t.forms.library.department}
              loading={departments.loading}
              options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
              style={{ maxWidth: 360 }}
            />
          )}
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} disabled={grant.role === 'data_steward' && !departmentCode} data-testid="upload-form">
              {t.forms.library.choose}
            </Button>
          </Upload>
          {outcome && (
            <Alert
              type="success"
              showIcon
              title={outcome.created ? t.forms.library.publishedVersion(outcome.form.title, outcome.form.version) : t.forms.library.unchanged(outcome.form.title)}
              description={
                outcome.unmappedChoices.length > 0 &&
                t.forms.library.unmapped(outcome.unmappedChoices.map((u) => `${u.question}: ${u.choices.join('、')}`).join('；'))
              }
            />
          )}
          {error !== null && <ErrorAlert error={error} />}
          {issues && (
            <Table<SpecIssue>
              size="small"
              rowKey={(_, index) => String(index)}
              pagination={false}
              dataSource={issues}
              title={() => <Typography.Text type="danger">{t.forms.library.issues(issues.length)}</Typography.Text>}
              columns={[
                { key: 'sheet', title: t.forms.library.sheet, render: (_, i) => i.sheet ?? '—' },
                { key: 'row', title: t.forms.library.row, render: (_, i) => i.row ?? '—' },
                { key: 'column', title: t.forms.library.column, render: (_, i) => i.column ?? '—' },
                { key: 'message', title: t.forms.library.problem, dataIndex: 'message' },
              ]}
              scroll={{ x: true }}
              data-testid="form-issues"
            />
          )}
        </Flex>
      </Card>
      {forms.error !== undefined && <ErrorAlert error={forms.error} onRetry={forms.reload} />}
      <Table<FormSummary> rowKey="id" size="middle" loading={forms.loading} dataSource={forms.data ?? []} columns={columns} pagination={false} scroll={{ x: true }} />
    </Flex>
  );
}
