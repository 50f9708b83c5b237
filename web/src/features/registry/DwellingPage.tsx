import { Card, Descriptions, Flex, List, Skeleton, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { useJurisdictions } from '../org/JurisdictionContext';
import { getDwelling } from './api';
import { describeCode, useCatalogue } from './catalogue';
import { FieldsWithProvenance, HistoryTable } from './Provenance';
import { usePagePurpose } from './PurposeSelect';
import { RecordHeader } from './RecordHeader';

/** A dwelling: its address and use, who lives or is registered there, the households and organisations at it. */
export default function DwellingPage() {
  const { dwellingId = '' } = useParams();
  const { t, locale } = useI18n();
  const purpose = usePagePurpose();
  const catalogue = useCatalogue();
  const jurisdictions = useJurisdictions();
  const dwelling = useRequest((signal) => getDwelling(dwellingId, purpose, signal), [dwellingId, purpose]);

  if (dwelling.error !== undefined) return <ErrorAlert error={dwelling.error} onRetry={dwelling.reload} testId="record-error" />;
  if (!dwelling.data) return <Skeleton active />;
  const d = dwelling.data;
  const placeName = (code: string | null) => (code ? (jurisdictions.items.find((j) => j.code === code)?.name ?? code) : '—');
  const places = new Map([[d.id, d.address]]);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1080 }}>
      <RecordHeader title={d.address} />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t.registry.dwelling.community}>{placeName(d.communityCode)}</Descriptions.Item>
          <Descriptions.Item label={t.registry.dwelling.grid}>{placeName(d.gridCode)}</Descriptions.Item>
          <Descriptions.Item label={t.registry.dwelling.use}>{describeCode(catalogue, locale, 'dwelling.use', d.use) ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'people',
              label: `${t.registry.dwelling.people} (${d.people.length})`,
              children: (
                <List
                  size="small"
                  dataSource={d.people}
                  data-testid="dwelling-people"
                  renderItem={(p) => (
                    <List.Item>
                      <Flex vertical>
                        <Flex gap={6} wrap align="center">
                          <Link to={`/registry/people/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                          {p.relations.map((r) => (
                            <Tag key={r}>{t.registry.relations[r] ?? r}</Tag>
                          ))}
                        </Flex>
                        <Typography.Text type="secondary">
                          {[p.idNumber, describeCode(catalogue, locale, 'person.residence_status', p.residenceStatus)].filter(Boolean).join(' · ')}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'households',
              label: `${t.registry.dwelling.households} (${d.households.length})`,
              children: (
                <List
                  size="small"
                  dataSource={d.households}
                  renderItem={(h) => (
                    <List.Item>
                      <Link to={`/registry/households/${encodeURIComponent(h.id)}`}>{t.registry.household.title(h.householdNumber ?? h.id)}</Link>
                      <Typography.Text type="secondary">{describeCode(catalogue, locale, 'household.registration_type', h.registrationType)}</Typography.Text>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'organisations',
              label: `${t.registry.dwelling.organisations} (${d.organisations.length})`,
              children: (
                <List
                  size="small"
                  dataSource={d.organisations}
                  renderItem={(o) => (
                    <List.Item>
                      <Flex vertical>
                        <Flex gap={6} align="center" wrap>
                          {o.name}
                          <Tag>{t.registry.relations[o.relation] ?? o.relation}</Tag>
                        </Flex>
                        {o.creditCode && <Typography.Text type="secondary">{`${t.registry.dwelling.creditCode} ${o.creditCode}`}</Typography.Text>}
                      </Flex>
                    </List.Item>
                  )}
                />
              ),
            },
            { key: 'fields', label: t.registry.tabs.fields, children: <FieldsWithProvenance fields={d.fields} places={places} /> },
            { key: 'history', label: t.registry.tabs.history, children: <HistoryTable entries={d.history} places={places} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
