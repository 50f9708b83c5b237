import { Empty, Flex, List, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { describeValue, referencePath, useCatalogue } from './catalogue';
import type { Catalogue, ClaimView, FactValue, FieldView, HistoryEntry } from './types';

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

/** A field's value as the reader can act on it: labels for codes, links to the records references name. */
function Value({ field, value, catalogue, places }: { field: string; value: FactValue; catalogue?: Catalogue; places?: ReadonlyMap<string, string> }) {
  const { locale } = useI18n();
  const values = Array.isArray(value) ? value : [value];
  const links = values.map((v) => ({ id: v, to: referencePath(field, v) }));
  if (links.every((l) => l.to)) {
    return (
      <Flex gap={8} wrap component="span">
        {links.map((l) => (
          <Link key={l.id} to={l.to!}>
            {places?.get(l.id) ?? l.id}
          </Link>
        ))}
      </Flex>
    );
  }
  return <>{describeValue(catalogue, locale, field, value)}</>;
}

/** Who said it, as of when, and the file row or form submission it came from. */
function SourceLine({ claim, catalogue }: { claim: ClaimView; catalogue?: Catalogue }) {
  const { t, locale } = useI18n();
  const { grant } = useSignedIn();
  const { evidence } = claim;
  const derivedFrom = claim.derivedFrom && catalogue?.fields.find((f) => f.key === claim.derivedFrom);
  const fileRow = evidence.fileName && evidence.row !== null ? t.registry.provenance.fileRow(evidence.fileName, evidence.row) : evidence.fileName;
  return (
    <Typography.Text type="secondary" data-testid="field-source">
      {[
        claim.source.name,
        t.registry.provenance.observed(day(claim.observedAt)),
        derivedFrom ? t.registry.provenance.derived(locale === 'en' ? derivedFrom.nameEn : derivedFrom.name) : null,
      ]
        .filter(Boolean)
        .join(' · ')}
      {fileRow && (
        <>
          {' · '}
          {evidence.importId && grant.role === 'data_steward' ? <Link to={`/registry/imports/${evidence.importId}`}>{fileRow}</Link> : fileRow}
        </>
      )}
      {evidence.submissionId && ` · ${t.registry.provenance.submission}`}
      {evidence.recordedBy && ` · ${t.registry.provenance.recordedBy(evidence.recordedBy)}`}
    </Typography.Text>
  );
}

/**
 * Every field of a record: its current value, why that value won (survivorship
 * rule), the sources that say it, and what the sources that disagree say.
 */
export function FieldsWithProvenance({ fields, places }: { fields: readonly FieldView[]; places?: ReadonlyMap<string, string> }) {
  const { t, locale } = useI18n();
  const catalogue = useCatalogue();
  if (fields.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.registry.provenance.none} />;
  return (
    <List
      itemLayout="vertical"
      dataSource={[...fields]}
      rowKey="field"
      renderItem={(f) => (
        <List.Item data-testid={`field-${f.field}`} style={{ paddingInline: 0 }}>
          <Flex vertical gap={4}>
            <Flex gap={8} wrap align="baseline">
              <Typography.Text type="secondary" style={{ minWidth: 96 }}>
                {locale === 'en' ? f.nameEn : f.name}
              </Typography.Text>
              <Typography.Text strong data-testid="field-value">
                <Value field={f.field} value={f.value} catalogue={catalogue} places={places} />
              </Typography.Text>
              <Tag>{t.registry.provenance.reason[f.reason]}</Tag>
              {f.sensitivity === 'sensitive' && <Tag color="purple">{t.registry.provenance.sensitive}</Tag>}
              {f.disagreements.length > 0 && (
                <Tag color="orange" data-testid="field-disagreement-count">
                  {t.registry.provenance.disagreements(f.disagreements.length)}
                </Tag>
              )}
            </Flex>
            {f.from.map((claim, i) => (
              <SourceLine key={i} claim={claim} catalogue={catalogue} />
            ))}
            {f.disagreements.length > 0 && (
              <Flex vertical gap={2} style={{ borderInlineStart: '3px solid #fa8c16', paddingInlineStart: 8 }} data-testid="field-disagreements">
                <Typography.Text type="warning">{t.registry.provenance.otherSources}</Typography.Text>
                {f.disagreements.map((claim, i) => (
                  <Flex key={i} vertical>
                    <Typography.Text>
                      <Value field={f.field} value={claim.value} catalogue={catalogue} places={places} />
                    </Typography.Text>
                    <SourceLine claim={claim} catalogue={catalogue} />
                  </Flex>
                ))}
              </Flex>
            )}
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Everything every source said about the record, newest first, the superseded values included. */
export function HistoryTable({ entries, loading, places }: { entries: readonly HistoryEntry[]; loading?: boolean; places?: ReadonlyMap<string, string> }) {
  const { t, locale, formatDateTime } = useI18n();
  const catalogue = useCatalogue();
  const fieldName = (key: string) => {
    const definition = catalogue?.fields.find((f) => f.key === key);
    return definition ? (locale === 'en' ? definition.nameEn : definition.name) : key;
  };
  return (
    <Table<HistoryEntry>
      size="small"
      loading={loading}
      data-testid="record-history"
      rowKey={(e, i) => `${e.field}-${e.recordedAt}-${i}`}
      dataSource={[...entries]}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 720 }}
      locale={{ emptyText: t.registry.history.empty }}
      columns={[
        { key: 'field', title: t.registry.history.field, render: (_, e) => fieldName(e.field), width: 120 },
        { key: 'value', title: t.registry.history.value, render: (_, e) => <Value field={e.field} value={e.value} catalogue={catalogue} places={places} /> },
        { key: 'source', title: t.registry.history.source, render: (_, e) => e.source.name },
        { key: 'observedAt', title: t.registry.history.observedAt, render: (_, e) => day(e.observedAt), width: 110 },
        {
          key: 'state',
          title: '',
          width: 160,
          render: (_, e) =>
            e.current ? (
              <Tag color="green">{t.registry.history.current}</Tag>
            ) : (
              <Tag>{e.supersededAt ? `${t.registry.history.superseded} ${formatDateTime(e.supersededAt)}` : t.registry.history.superseded}</Tag>
            ),
        },
      ]}
    />
  );
}
