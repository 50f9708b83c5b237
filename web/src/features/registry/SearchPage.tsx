import { Alert, Button, Card, Col, Empty, Flex, Form, Input, Row, Skeleton, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { searchPeople } from './api';
import { describeCode, describeValue, useCatalogue } from './catalogue';
import { PurposeSelect, usePagePurpose } from './PurposeSelect';
import { ShareNoteAlert } from './ShareNoteAlert';
import type { PeopleQuery, PersonItem } from './types';
import { PageHeader } from '../../components/PageHeader';

const PAGE = 20;
const CRITERIA = ['name', 'idNumber', 'phone', 'address'] as const;

/**
 * Finding a person in the registry by name, ID number, phone or address.
 * The criteria live in the address bar, so going back from a person's page
 * shows the same results.
 */
export default function SearchPage() {
  const { t } = useI18n();
  const purpose = usePagePurpose();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<PeopleQuery>();
  const query: PeopleQuery = Object.fromEntries(CRITERIA.map((c) => [c, params.get(c) ?? undefined]).filter(([, v]) => v));
  const offset = Number(params.get('offset') ?? 0);
  const asked = Object.keys(query).length > 0;
  const key = JSON.stringify(query);
  const people = useRequest((signal) => (asked ? searchPeople({ ...query, limit: PAGE, offset }, purpose, signal) : Promise.resolve(null)), [key, offset, purpose]);

  function search(values: PeopleQuery) {
    const next = new URLSearchParams();
    for (const c of CRITERIA) {
      const value = values[c]?.trim();
      if (value) next.set(c, value);
    }
    setParams(next);
  }

  function page(to: number) {
    const next = new URLSearchParams(params);
    next.set('offset', String(to));
    setParams(next);
  }

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <PageHeader
        title={t.registry.search.title}
        extra={
          <PurposeSelect />
        }
      />
      <Card size="small">
        <Form form={form} layout="vertical" initialValues={query} onFinish={search} data-testid="registry-search">
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="name" label={t.registry.search.name}>
                <Input allowClear data-testid="search-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="idNumber" label={t.registry.search.idNumber}>
                <Input allowClear inputMode="text" data-testid="search-id-number" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item name="phone" label={t.registry.search.phone}>
                <Input allowClear inputMode="tel" data-testid="search-phone" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={7}>
              <Form.Item name="address" label={t.registry.search.address}>
                <Input allowClear placeholder={t.registry.search.addressPlaceholder} data-testid="search-address" />
              </Form.Item>
            </Col>
          </Row>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" data-testid="search-submit">
              {t.registry.search.submit}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ name: undefined, idNumber: undefined, phone: undefined, address: undefined });
                setParams(new URLSearchParams());
              }}
            >
              {t.registry.search.reset}
            </Button>
          </Flex>
        </Form>
      </Card>
      {!asked ? (
        <Typography.Text type="secondary">{t.registry.search.needCriteria}</Typography.Text>
      ) : people.error !== undefined ? (
        <ErrorAlert error={people.error} onRetry={people.reload} testId="search-error" />
      ) : !people.data || people.loading ? (
        <Skeleton active />
      ) : people.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.registry.search.none} />
      ) : (
        <>
          {people.data[0].share ? <ShareNoteAlert share={people.data[0].share} /> : <Alert type="info" showIcon title={t.registry.search.maskedNote} />}
          <Flex vertical gap={8} data-testid="search-results">
            {people.data.map((person) => (
              <PersonCard key={person.id} person={person} />
            ))}
          </Flex>
          <Flex justify="space-between">
            <Button disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGE))}>
              {t.pager.previous}
            </Button>
            <Button disabled={people.data.length < PAGE} onClick={() => page(offset + PAGE)}>
              {t.pager.next}
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}

function PersonCard({ person }: { person: PersonItem }) {
  const { t, locale } = useI18n();
  const catalogue = useCatalogue();
  const facts = [
    person.idNumber,
    describeCode(catalogue, locale, 'person.sex', person.sex),
    person.birthDate && t.registry.search.born(person.birthDate),
    person.phone,
    describeCode(catalogue, locale, 'person.residence_status', person.residenceStatus),
  ].filter(Boolean);
  return (
    <Link to={`/registry/people/${encodeURIComponent(person.id)}`} data-testid="person-result">
      <Card size="small" hoverable>
        <Flex vertical gap={2}>
          <Flex gap={8} wrap align="center">
            <Typography.Text strong data-testid="person-result-name">
              {person.name}
            </Typography.Text>
            {person.tags.map((tag) => (
              <Tag key={tag}>{describeValue(catalogue, locale, 'person.tags', tag)}</Tag>
            ))}
          </Flex>
          <Typography.Text type="secondary" data-testid="person-result-facts">
            {facts.join(' · ')}
          </Typography.Text>
          {person.address && <Typography.Text type="secondary">{person.address}</Typography.Text>}
        </Flex>
      </Card>
    </Link>
  );
}
