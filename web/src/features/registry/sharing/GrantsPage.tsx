import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { TextPrompt } from '../../cases/TextPrompt';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { listGrantableFields, listGrants, revokeGrant } from '../api';
import type { GrantStatus, GrantView } from '../types';
import { GrantForm } from './GrantForm';
import { PageHeader } from '../../../components/PageHeader';

const STATUS_COLORS: Record<GrantStatus, string> = { active: 'green', expired: 'default', not_yet_valid: 'blue', revoked: 'red' };

/** Roles that may create and revoke grants (the others with access only read them). */
const MANAGERS = ['data_steward', 'sysadmin'];

/**
 * Data-sharing grants: which department may read which fields of people, for
 * what purpose and on what legal basis, in which jurisdiction, until when.
 */
export default function GrantsPage() {
  const { t } = useI18n();
  const { grant: acting } = useSignedIn();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const grants = useRequest((signal) => listGrants(includeRevoked, signal), [includeRevoked]);
  const fields = useRequest((signal) => listGrantableFields(signal), []);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<GrantView | null>(null);
  const manages = MANAGERS.includes(acting.role);
  const fieldName = (key: string) => fields.data?.find((f) => f.key === key)?.name ?? key;
  const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t.grants.title}
        extra={
          <Flex gap={12} align="center" wrap>
            <Flex gap={6} align="center">
              <Switch checked={includeRevoked} onChange={setIncludeRevoked} size="small" />
              <Typography.Text>{t.grants.includeRevoked}</Typography.Text>
            </Flex>
            {manages && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="grant-new">
                {t.grants.new}
              </Button>
            )}
          </Flex>
        }
      />
      {grants.error !== undefined && <ErrorAlert error={grants.error} onRetry={grants.reload} />}
      <Table<GrantView>
        size="small"
        rowKey="id"
        loading={grants.loading}
        dataSource={grants.data ?? []}
        scroll={{ x: 960 }}
        pagination={false}
        data-testid="grant-list"
        columns={[
          { key: 'department', title: t.grants.department, render: (_, g) => g.department.name, width: 160 },
          { key: 'purpose', title: t.grants.purpose, render: (_, g) => t.purposes[g.purpose as keyof typeof t.purposes] ?? g.purpose, width: 100 },
          {
            key: 'fields',
            title: t.grants.fields,
            render: (_, g) => (
              <Flex gap={4} wrap>
                {g.fields.map((f) => (
                  <Tag key={f}>{fieldName(f)}</Tag>
                ))}
              </Flex>
            ),
          },
          { key: 'jurisdiction', title: t.grants.jurisdiction, render: (_, g) => g.jurisdiction.name, width: 100 },
          { key: 'validity', title: t.grants.validity, render: (_, g) => `${day(g.validFrom)} ~ ${day(g.validUntil)}`, width: 200 },
          { key: 'legalBasis', title: t.grants.legalBasis, dataIndex: 'legalBasis', width: 240 },
          {
            key: 'status',
            title: t.grants.status,
            width: 100,
            render: (_, g) => (
              <Tag color={STATUS_COLORS[g.status]} data-testid="grant-status" title={g.revokeReason ?? undefined}>
                {t.grants.statuses[g.status]}
              </Tag>
            ),
          },
          ...(manages
            ? [
                {
                  key: 'actions',
                  title: '',
                  width: 80,
                  render: (_: unknown, g: GrantView) =>
                    g.status !== 'revoked' && (
                      <Button size="small" danger onClick={() => setRevoking(g)} data-testid="grant-revoke">
                        {t.grants.revoke}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {creating && (
        <GrantForm
          fields={fields.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            grants.reload();
          }}
        />
      )}
      <TextPrompt
        open={revoking !== null}
        title={revoking ? t.grants.revokeTitle(revoking.department.name) : ''}
        label={t.grants.revokeReason}
        required
        okText={t.grants.revoke}
        onClose={() => setRevoking(null)}
        onSubmit={async ({ text }) => {
          await revokeGrant(revoking!.id, text ?? '');
          setRevoking(null);
          grants.reload();
        }}
      />
    </Flex>
  );
}
