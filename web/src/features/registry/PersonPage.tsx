import { Card, Descriptions, Flex, Skeleton, Tabs, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { getPerson, getPersonHistory } from './api';
import { describeCode, describeValue, useCatalogue } from './catalogue';
import { FieldsWithProvenance, HistoryTable } from './Provenance';
import { usePagePurpose } from './PurposeSelect';
import { RecordHeader } from './RecordHeader';
import { ShareNoteAlert } from './ShareNoteAlert';

/** The person a merged-away person's records now belong to, when the server says so. */
function mergedInto(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'person.merged') return null;
  const survivor = (error.details as { survivorId?: unknown } | undefined)?.survivorId;
  return typeof survivor === 'string' ? survivor : null;
}

/** A person as the registry knows them: the current values, where each came from, who disagrees, and the history. */
export default function PersonPage() {
  const { personId = '' } = useParams();
  const { t, locale } = useI18n();
  const purpose = usePagePurpose();
  const catalogue = useCatalogue();
  const [tab, setTab] = useState('fields');
  const person = useRequest((signal) => getPerson(personId, purpose, signal), [personId, purpose]);
  // Read (and audited) only when asked for.
  const history = useRequest((signal) => (tab === 'history' ? getPersonHistory(personId, purpose, signal) : Promise.resolve(null)), [personId, purpose, tab]);
  const places = useMemo(() => new Map((person.data?.dwellings ?? []).map((d) => [d.dwellingId, d.address])), [person.data]);

  if (person.error !== undefined) {
    const survivor = mergedInto(person.error);
    return (
      <Flex vertical gap={8}>
        <ErrorAlert error={person.error} onRetry={person.reload} testId="record-error" />
        {survivor && (
          <Link to={`/registry/people/${encodeURIComponent(survivor)}`} data-testid="person-survivor">
            {t.registry.person.openSurvivor}
          </Link>
        )}
      </Flex>
    );
  }
  if (!person.data) return <Skeleton active />;
  const p = person.data;
  const code = (field: string, value: string | null) => describeCode(catalogue, locale, field, value);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1080 }}>
      <RecordHeader
        title={p.name}
        extra={p.tags.map((tag) => (
          <Tag key={tag} color="blue">
            {describeValue(catalogue, locale, 'person.tags', tag)}
          </Tag>
        ))}
      />
      {p.share && <ShareNoteAlert share={p.share} />}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="person-summary">
          <Descriptions.Item label={t.registry.person.idNumber}>{p.idNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.sex}>{code('person.sex', p.sex) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.birthDate}>{p.birthDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.ethnicity}>{code('person.ethnicity', p.ethnicity) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.phone}>{p.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.residenceStatus}>{code('person.residence_status', p.residenceStatus) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.registrationPlace}>{p.registrationPlace ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t.registry.person.household}>
            {p.householdId ? (
              <Link to={`/registry/households/${encodeURIComponent(p.householdId)}`} data-testid="person-household">
                {t.registry.person.openHousehold}
                {p.relationToHead && `（${code('person.relation_to_head', p.relationToHead)}）`}
              </Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          {p.disabilityGrade !== null && <Descriptions.Item label={t.registry.person.disabilityGrade}>{p.disabilityGrade}</Descriptions.Item>}
        </Descriptions>
        {p.dwellings.length > 0 && (
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t.registry.person.dwellings}>
              <Flex vertical gap={2}>
                {p.dwellings.map((d) => (
                  <span key={`${d.relation}-${d.dwellingId}`}>
                    <Tag>{t.registry.relations[d.relation] ?? d.relation}</Tag>
                    <Link to={`/registry/dwellings/${encodeURIComponent(d.dwellingId)}`} data-testid="person-dwelling">
                      {d.address}
                    </Link>
                  </span>
                ))}
              </Flex>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'fields', label: t.registry.tabs.fields, children: <FieldsWithProvenance fields={p.fields} places={places} /> },
            {
              key: 'history',
              label: t.registry.tabs.history,
              children:
                history.error !== undefined ? (
                  <ErrorAlert error={history.error} onRetry={history.reload} />
                ) : (
                  <HistoryTable entries={history.data ?? []} loading={history.loading} places={places} />
                ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
