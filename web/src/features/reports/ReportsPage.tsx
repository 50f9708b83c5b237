import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, List, Select, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { useJurisdictions } from '../org/JurisdictionContext';
import { exportUrl, generateReport, getReport, listReports, listTemplates, verifyReport } from './api';
import { DrillDownDrawer } from './DrillDownDrawer';
import { ReportTable, type FigureCell } from './ReportTable';
import type { Report, Verification } from './types';

/** Roles that may see the records behind a figure (with the statistics purpose). */
const DRILL_DOWN_ROLES = ['community_staff', 'street_staff', 'leader', 'data_steward'];

/** Pick a report, a jurisdiction and a reference date; see the figures, download them in the department's layout, check them. */
export default function ReportsPage() {
  const { t, formatDateTime } = useI18n();
  const { grant } = useSignedIn();
  const jurisdictions = useJurisdictions();
  const templates = useRequest((signal) => listTemplates(signal), []);
  const recent = useRequest((signal) => listReports(signal), []);
  const [template, setTemplate] = useState<string>();
  const [jurisdiction, setJurisdiction] = useState<string>();
  const [referenceDate, setReferenceDate] = useState<Dayjs>(() => dayjs().subtract(1, 'month').endOf('month'));
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [cell, setCell] = useState<FigureCell | null>(null);

  const chosenJurisdiction = jurisdiction ?? jurisdictions.selected?.code;
  const active = (templates.data ?? []).filter((x) => x.status === 'active');
  const places = jurisdictions.items.filter((j) => j.level !== 'grid');

  async function run(work: () => Promise<Report>) {
    setBusy(true);
    setError(null);
    setVerification(null);
    try {
      setReport(await work());
      recent.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function verify(id: string) {
    setBusy(true);
    try {
      setVerification(await verifyReport(id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.reports}
      </Typography.Title>
      <Card>
        <Form layout="inline" onFinish={() => template && chosenJurisdiction && run(() => generateReport({ template, jurisdictionCode: chosenJurisdiction, referenceDate: referenceDate.format('YYYY-MM-DD') }))}>
          <Form.Item label={t.reports.generate.template}>
            <Select
              data-testid="report-template"
              value={template}
              onChange={setTemplate}
              placeholder={t.reports.generate.pickTemplate}
              loading={templates.loading}
              style={{ minWidth: 280 }}
              options={active.map((x) => ({ value: x.code, label: `${x.name}（${x.department?.name ?? ''} · ${t.reports.frequency[x.frequency]}）` }))}
            />
          </Form.Item>
          <Form.Item label={t.reports.generate.jurisdiction}>
            <Select
              data-testid="report-jurisdiction"
              value={chosenJurisdiction}
              onChange={setJurisdiction}
              style={{ minWidth: 180 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={places.map((j) => ({ value: j.code, label: `${j.name}（${t.levels[j.level]}）` }))}
            />
          </Form.Item>
          <Form.Item label={t.reports.generate.referenceDate}>
            <DatePicker value={referenceDate} onChange={(d) => d && setReferenceDate(d)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="report-date" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!template || !chosenJurisdiction} data-testid="report-generate">
              {t.reports.generate.submit}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {templates.error !== undefined && <ErrorAlert error={templates.error} onRetry={templates.reload} />}
      {error !== null && <ErrorAlert error={error} />}
      {busy && !report && <Skeleton active />}
      {report && (
        <Card
          title={report.layout.title}
          extra={
            <Flex gap={8} wrap>
              <Button icon={<DownloadOutlined />} href={exportUrl(report.id, 'xlsx')} download data-testid="report-download-xlsx">
                {t.reports.view.downloadXlsx}
              </Button>
              <Button icon={<DownloadOutlined />} href={exportUrl(report.id, 'csv')} download>
                {t.reports.view.downloadCsv}
              </Button>
              <Button icon={<SafetyCertificateOutlined />} onClick={() => verify(report.id)} loading={busy}>
                {t.reports.view.verify}
              </Button>
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t.reports.generate.jurisdiction}>{report.jurisdiction.name}</Descriptions.Item>
              <Descriptions.Item label={t.reports.generate.referenceDate}>{report.referenceDate}</Descriptions.Item>
              <Descriptions.Item label={t.reports.view.period}>{`${report.period.start} ~ ${report.period.end}`}</Descriptions.Item>
              <Descriptions.Item label={t.reports.view.dataAsOf}>{formatDateTime(report.dataAsOf)}</Descriptions.Item>
              <Descriptions.Item label={t.reports.view.generatedBy}>{report.generatedBy}</Descriptions.Item>
              <Descriptions.Item label={t.reports.view.cost}>{t.reports.view.duration(report.durationMs, report.queryCount)}</Descriptions.Item>
            </Descriptions>
            {verification && (
              <Alert
                type={verification.identical ? 'success' : 'warning'}
                showIcon
                data-testid="report-verification"
                title={verification.identical ? t.reports.view.verified : t.reports.view.differs(verification.differences.length)}
                description={t.reports.view.changesSince(verification.changesSince.facts, verification.changesSince.records)}
              />
            )}
            {report.tasks.length > 0 && (
              <Typography.Text type="secondary">
                {t.reports.view.pendingTasks(report.tasks.filter((x) => x.status === 'open').length, report.tasks.length)}
              </Typography.Text>
            )}
            {DRILL_DOWN_ROLES.includes(grant.role) && <Typography.Text type="secondary">{t.reports.view.clickToDrill}</Typography.Text>}
            <ReportTable report={report} onFigure={DRILL_DOWN_ROLES.includes(grant.role) ? setCell : undefined} />
            {report.layout.notes.map((note) => (
              <Typography.Text key={note} type="secondary">
                {note}
              </Typography.Text>
            ))}
          </Flex>
        </Card>
      )}
      <Card size="small" title={t.reports.generate.recent}>
        {recent.error !== undefined && <ErrorAlert error={recent.error} onRetry={recent.reload} />}
        <List
          size="small"
          loading={recent.loading}
          locale={{ emptyText: t.reports.generate.noneYet }}
          dataSource={recent.data ?? []}
          renderItem={(item) => (
            <List.Item actions={[<a key="open" onClick={() => run(() => getReport(item.id))}>{t.reports.generate.open}</a>]}>
              {item.template.name} · {item.jurisdiction.name} · {item.referenceDate} · {formatDateTime(item.generatedAt)} · {item.generatedBy}
            </List.Item>
          )}
        />
      </Card>
      {report && <DrillDownDrawer reportId={report.id} cell={cell} onClose={() => setCell(null)} />}
    </Flex>
  );
}
