import { Button, Flex, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { acceptRuleProposal, declineRuleProposal, listRuleProposals } from '../api';
import { TextPrompt } from '../TextPrompt';
import type { RuleProposal } from '../types';
import { PageHeader } from '../../../components/PageHeader';

type Filter = RuleProposal['status'] | 'all';
type Decision = { proposal: RuleProposal; accept: boolean };

const STATUS_COLOURS: Record<RuleProposal['status'], string> = { open: 'orange', accepted: 'green', declined: 'default' };

/**
 * Rules proposed by the hub streets from cases the responsibility list did not
 * cover. Whoever maintains the list accepts one — it becomes a new rule from
 * now on, for new cases only — or declines it with a reason; a street sees
 * what became of its own proposals.
 */
export default function RuleProposalsPage() {
  const { t, formatDateTime } = useI18n();
  const { grant } = useSignedIn();
  const maintains = grant.role === 'sysadmin';
  const [filter, setFilter] = useState<Filter>('open');
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const { data, error, loading, reload } = useRequest((signal) => listRuleProposals({ status: filter === 'all' ? undefined : filter }, signal), [filter]);

  const columns: TableColumnsType<RuleProposal> = [
    {
      key: 'case',
      title: t.cases.proposals.case,
      render: (_, p) => (maintains ? p.case.number : <Link to={`/cases/${p.case.id}`}>{p.case.number}</Link>),
    },
    { key: 'category', title: t.cases.proposals.category, render: (_, p) => p.category.name },
    { key: 'place', title: t.cases.proposals.place, render: (_, p) => p.jurisdiction.name },
    { key: 'unit', title: t.cases.proposals.unit, render: (_, p) => <Typography.Text strong>{p.unit.name}</Typography.Text> },
    { key: 'reason', title: t.cases.proposals.reason, dataIndex: 'reason', width: 260 },
    {
      key: 'proposed',
      title: t.cases.proposals.proposed,
      render: (_, p) => (
        <Flex vertical>
          {p.proposedBy}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(p.proposedAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t.cases.proposals.status,
      render: (_, p) => (
        <Flex vertical gap={2}>
          <Tag color={STATUS_COLOURS[p.status]} data-testid="proposal-status">
            {t.cases.proposals.statuses[p.status]}
          </Tag>
          {p.rule && <Typography.Text code>{t.cases.routing.ruleVersion(p.rule.ruleKey, p.rule.version)}</Typography.Text>}
          {p.decisionNote && <Typography.Text type="secondary">{p.decisionNote}</Typography.Text>}
        </Flex>
      ),
    },
  ];
  if (maintains) {
    columns.push({
      key: 'decide',
      render: (_, p) =>
        p.status === 'open' && (
          <Flex gap={8}>
            <Button size="small" type="primary" onClick={() => setDeciding({ proposal: p, accept: true })} data-testid="proposal-accept">
              {t.cases.proposals.accept}
            </Button>
            <Button size="small" onClick={() => setDeciding({ proposal: p, accept: false })} data-testid="proposal-decline">
              {t.cases.proposals.decline}
            </Button>
          </Flex>
        ),
    });
  }

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t.nav.ruleProposals}
        extra={
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['open', 'accepted', 'declined', 'all'] as const).map((value) => ({
              value,
              label: value === 'all' ? t.cases.proposals.all : t.cases.proposals.statuses[value],
            }))}
          />
        }
      />
      <Typography.Text type="secondary">{t.cases.proposals.intro}</Typography.Text>
      {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
      <Table<RuleProposal>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t.cases.proposals.empty }}
        data-testid="rule-proposals"
      />
      {deciding && (
        <TextPrompt
          open
          title={deciding.accept ? t.cases.proposals.acceptTitle(deciding.proposal.category.name, deciding.proposal.unit.name) : t.cases.proposals.decline}
          label={deciding.accept ? t.cases.proposals.note : t.cases.proposals.declineReason}
          required={!deciding.accept}
          onSubmit={async ({ text }) => {
            await (deciding.accept ? acceptRuleProposal(deciding.proposal.id, text) : declineRuleProposal(deciding.proposal.id, text ?? ''));
            reload();
          }}
          onClose={() => setDeciding(null)}
        />
      )}
    </Flex>
  );
}
