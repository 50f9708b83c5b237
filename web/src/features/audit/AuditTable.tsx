import { Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n';
import type { Role } from '../org/types';
import type { AuditEntry, AuditOutcome } from './api';
import { OutcomeTag } from './OutcomeTag';

const dash = (value: string | null) => value ?? '—';

/** Audit entries as the auditor reads them: who did what, where, why, with what outcome, and the entry's hash. */
export function AuditTable({ entries, loading }: { entries: AuditEntry[]; loading: boolean }) {
  const { t, formatDateTime } = useI18n();
  const roleLabel = (role: string | null) => (role && role in t.roles ? t.roles[role as Role] : dash(role));

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t.audit.columns.at, dataIndex: 'at', render: formatDateTime },
    { key: 'actor', title: t.audit.columns.actor, dataIndex: 'actor', render: dash },
    { key: 'role', title: t.audit.columns.role, dataIndex: 'role', render: roleLabel },
    { key: 'scope', title: t.audit.columns.scope, dataIndex: 'scope', render: dash },
    { key: 'action', title: t.audit.columns.action, dataIndex: 'action', render: (action: string) => <Typography.Text code>{action}</Typography.Text> },
    {
      key: 'target',
      title: t.audit.columns.target,
      render: (_, entry) => (entry.targetType ? `${entry.targetType}${entry.targetId ? ` ${entry.targetId}` : ''}` : '—'),
    },
    { key: 'purpose', title: t.audit.columns.purpose, dataIndex: 'purpose', render: dash },
    { key: 'ip', title: t.audit.columns.ip, dataIndex: 'ip', render: dash },
    {
      key: 'outcome',
      title: t.audit.columns.outcome,
      dataIndex: 'outcome',
      render: (outcome: AuditOutcome) => <OutcomeTag outcome={outcome} />,
    },
    {
      key: 'hash',
      title: t.audit.columns.hash,
      dataIndex: 'hash',
      render: (hash: string) => (
        <Tooltip title={hash}>
          <Typography.Text code copyable={{ text: hash }}>
            {hash.slice(0, 12)}…
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <Table<AuditEntry>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={entries}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.audit.empty }}
      data-testid="audit-table"
    />
  );
}
