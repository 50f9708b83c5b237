import { Card, Descriptions, Flex, Skeleton, Table, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { getHousehold } from './api';
import { describeCode, useCatalogue } from './catalogue';
import { FieldsWithProvenance, HistoryTable } from './Provenance';
import { usePagePurpose } from './PurposeSelect';
import { RecordHeader } from './RecordHeader';
import type { HouseholdRecord } from './types';

/** A household (户): its number and type, registered address, members, and where each fact came from. */
export default function HouseholdPage() {
  const { householdId = '' } = useParams();
  const { t, locale } = useI18n();
  const purpose = usePagePurpose();
  const catalogue = useCatalogue();
  const household = useRequest((signal) => getHousehold(householdId, purpose, signal), [householdId, purpose]);

  if (household.error !== undefined) return <ErrorAlert error={household.error} onRetry={household.reload} testId="record-error" />;
  if (!household.data) return <Skeleton active />;
  const h = household.data;
  const code = (field: string, value: string | null) => describeCode(catalogue, locale, field, value);
  const places = new Map(h.dwelling?.address ? [[h.dwelling.id, h.dwelling.address]] : []);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1080 }}>
      <RecordHeader title={t.registry.household.title(h.householdNumber ?? h.id)} />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t.registry.household.number}>{h.householdNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.household.type}>{code('household.registration_type', h.registrationType) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.household.dwelling}>
            {h.dwelling ? <Link to={`/registry/dwellings/${encodeURIComponent(h.dwelling.id)}`}>{h.dwelling.address ?? h.dwelling.id}</Link> : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'members',
              label: t.registry.household.members,
              children: (
                <Table<HouseholdRecord['members'][number]>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  scroll={{ x: 560 }}
                  dataSource={h.members}
                  data-testid="household-members"
                  columns={[
                    {
                      key: 'name',
                      title: t.registry.search.name,
                      render: (_, m) => (
                        <Flex gap={4} align="center">
                          <Link to={`/registry/people/${encodeURIComponent(m.id)}`}>{m.name}</Link>
                          {m.id === h.headPersonId && <Tag color="blue">{t.registry.household.head}</Tag>}
                        </Flex>
                      ),
                    },
                    { key: 'relation', title: t.registry.person.relationToHead, render: (_, m) => code('person.relation_to_head', m.relationToHead) ?? '—' },
                    { key: 'idNumber', title: t.registry.person.idNumber, render: (_, m) => m.idNumber ?? '—' },
                    { key: 'birthDate', title: t.registry.person.birthDate, render: (_, m) => m.birthDate ?? '—' },
                    { key: 'status', title: t.registry.person.residenceStatus, render: (_, m) => code('person.residence_status', m.residenceStatus) ?? '—' },
                  ]}
                />
              ),
            },
            { key: 'fields', label: t.registry.tabs.fields, children: <FieldsWithProvenance fields={h.fields} places={places} /> },
            { key: 'history', label: t.registry.tabs.history, children: <HistoryTable entries={h.history} places={places} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
