import { Alert, Button, Card, Descriptions, Flex, Progress, Result, Skeleton, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { applyImport, getImport } from '../api';
import type { ImportView } from '../types';
import { ErrorReportButtons } from './ErrorReportButtons';
import { ImportStatusTag } from './ImportStatusTag';
import { IssuesTable } from './IssuesTable';
import { ProfileStep } from './ProfileStep';
import { UploadStep } from './UploadStep';
import { PageHeader } from '../../../components/PageHeader';

const POLL_MS = 700;

type Step = 'upload' | 'profile' | 'validate' | 'apply' | 'report';
const STEPS: readonly Step[] = ['upload', 'profile', 'validate', 'apply', 'report'];

/** Which step an import is at, from what the server says of it. */
function stepOf(upload: ImportView): Step {
  switch (upload.status) {
    case 'uploaded':
      return 'profile';
    case 'validating':
    case 'validated':
      return 'validate';
    case 'applying':
      return 'apply';
    case 'completed':
      return 'report';
    case 'failed':
      return upload.appliedRows > 0 ? 'apply' : 'profile';
  }
}

const busy = (upload: ImportView) => upload.status === 'validating' || (upload.status === 'applying' && upload.error === null);

/**
 * The import wizard: upload → mapping profile (picked or written, previewed)
 * → validation of every row → import into the registry → result and error
 * report. The import's own status says where it is, so the page can be left
 * and reopened at any step (a large file takes a while).
 */
export default function ImportWizardPage() {
  const { importId } = useParams();
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const [upload, setUpload] = useState<ImportView | null>(null);
  const [choosingAgain, setChoosingAgain] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [acting, setActing] = useState(false);

  // Load the import, and poll it while its background work runs.
  useEffect(() => {
    if (!importId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const current = await getImport(importId, controller.signal);
        setUpload(current);
        setError(null);
        if (busy(current)) timer = setTimeout(() => void poll(), POLL_MS);
      } catch (failure) {
        if (!controller.signal.aborted) setError(failure);
      }
    };
    if (!upload || upload.id !== importId || busy(upload)) void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [importId, upload?.status, upload?.error]);

  async function apply(id: string) {
    setActing(true);
    setError(null);
    try {
      setUpload(await applyImport(id));
    } catch (failure) {
      setError(failure);
    } finally {
      setActing(false);
    }
  }

  const step: Step = !importId ? 'upload' : upload ? (choosingAgain ? 'profile' : stepOf(upload)) : 'profile';

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1200 }}>
      <PageHeader
        title={t.imports.title}
        extra={
          <Link to="/registry/imports">{t.common.viewAll}</Link>
        }
      />
      <Steps
        size="small"
        current={STEPS.indexOf(step)}
        responsive
        items={STEPS.map((s) => ({ key: s, title: t.imports.steps[s] }))}
        data-testid="import-steps"
      />
      {upload && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t.imports.list.fileName}>{upload.fileName}</Descriptions.Item>
          <Descriptions.Item label={t.imports.list.status}>
            <ImportStatusTag status={upload.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t.imports.upload.observedAt}>{formatDateTime(upload.observedAt)}</Descriptions.Item>
          <Descriptions.Item label={t.imports.list.createdBy}>{upload.createdBy}</Descriptions.Item>
        </Descriptions>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Card>
        {step === 'upload' && <UploadStep onUploaded={(created) => navigate(`/registry/imports/${created.id}`, { replace: true })} />}
        {importId && !upload && error === null && <Skeleton active />}
        {upload && step === 'profile' && (
          <Flex vertical gap={12}>
            {upload.status === 'failed' && upload.error && <Alert type="error" showIcon title={t.imports.failed(upload.error)} />}
            <ProfileStep
              upload={upload}
              onValidating={(next) => {
                setChoosingAgain(false);
                setUpload(next);
              }}
            />
          </Flex>
        )}
        {upload && step === 'validate' && (
          <Flex vertical gap={12} data-testid="import-validation">
            {upload.status === 'validating' ? (
              <Running label={t.imports.validate.running} upload={upload} />
            ) : (
              <>
                <Alert
                  type={upload.invalidRows > 0 ? 'warning' : 'success'}
                  showIcon
                  data-testid="validation-summary"
                  title={t.imports.validate.summary(upload.totalRows ?? 0, upload.validRows, upload.invalidRows, upload.warningRows)}
                />
                <Flex gap={8} wrap>
                  <Button type="primary" disabled={upload.validRows === 0} loading={acting} onClick={() => void apply(upload.id)} data-testid="import-apply">
                    {t.imports.validate.apply(upload.validRows)}
                  </Button>
                  <Button onClick={() => setChoosingAgain(true)}>{t.imports.validate.revalidate}</Button>
                </Flex>
                <ErrorReportButtons importId={upload.id} />
                <Typography.Text strong>{t.imports.validate.issuesTitle}</Typography.Text>
                <IssuesTable importId={upload.id} />
              </>
            )}
          </Flex>
        )}
        {upload && step === 'apply' && (
          <Flex vertical gap={12}>
            {upload.error ? (
              <>
                <Alert type="error" showIcon title={t.imports.apply.stopped(upload.error)} />
                <Button type="primary" loading={acting} onClick={() => void apply(upload.id)} style={{ alignSelf: 'flex-start' }}>
                  {t.imports.apply.resume}
                </Button>
              </>
            ) : (
              <Running label={t.imports.apply.running} upload={upload} />
            )}
          </Flex>
        )}
        {upload && step === 'report' && (
          <Result
            status="success"
            title={t.imports.result.done}
            subTitle={<span data-testid="import-result">{t.imports.result.summary(upload.appliedRows, upload.invalidRows, upload.rejectedRows, upload.heldRows)}</span>}
            extra={
              <Flex vertical gap={16} align="center">
                <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered data-testid="import-stats">
                  {Object.entries(upload.stats).map(([key, value]) => (
                    <Descriptions.Item key={key} label={t.imports.result.stats[key] ?? key}>
                      {value}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
                {upload.invalidRows + upload.rejectedRows + upload.warningRows > 0 && <ErrorReportButtons importId={upload.id} />}
              </Flex>
            }
          />
        )}
      </Card>
    </Flex>
  );
}

function Running({ label, upload }: { label: string; upload: ImportView }) {
  const { t } = useI18n();
  const { done, total } = upload.progress;
  return (
    <Flex vertical gap={4} data-testid="import-progress">
      <Typography.Text>{label}</Typography.Text>
      <Progress percent={total > 0 ? Math.floor((done / total) * 100) : 0} status="active" />
      <Typography.Text type="secondary">{t.imports.progress(done, total)}</Typography.Text>
    </Flex>
  );
}
