import { Button, Card, Empty, Flex, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { openForm, searchPeople } from './api';

const PAGE = 20;

/**
 * Choosing whom the form is filled on: the people the registry places in the
 * worker's jurisdiction (their grid), by name. Opening creates the submission,
 * or goes back to the one left unfinished.
 */
export default function PickPersonPage() {
  const { formId = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [offset, setOffset] = useState(0);
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const people = useRequest((signal) => searchPeople(name, offset, signal), [name, offset]);

  async function open(personId: string) {
    setOpening(personId);
    setError(null);
    try {
      const submission = await openForm(formId, personId);
      navigate(`/forms/submissions/${submission.id}`);
    } catch (failure) {
      setError(failure);
      setOpening(null);
    }
  }

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.forms.pick.title}
      </Typography.Title>
      <Input.Search
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(value) => {
          setOffset(0);
          setName(value.trim());
        }}
        placeholder={t.forms.pick.searchPlaceholder}
        allowClear
        enterButton
        data-testid="person-search"
      />
      {error !== null && <ErrorAlert error={error} />}
      {people.error !== undefined && <ErrorAlert error={people.error} onRetry={people.reload} />}
      {/* The previous page's people are not shown while another page or name loads: a tap must open whom it shows. */}
      {!people.data || people.loading ? (
        <Skeleton active />
      ) : people.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.forms.pick.none} />
      ) : (
        <Flex vertical gap={8}>
          {people.data.map((person) => (
            <Card key={person.id} size="small" hoverable onClick={() => void open(person.id)} data-testid="person-option" loading={opening === person.id}>
              <Flex vertical>
                <Typography.Text strong>{person.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {[person.birthDate && t.forms.pick.born(person.birthDate), person.idNumber].filter(Boolean).join(' · ')}
                </Typography.Text>
                {person.address && <Typography.Text type="secondary">{person.address}</Typography.Text>}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      <Flex justify="space-between">
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t.pager.previous}
        </Button>
        <Button disabled={(people.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>
          {t.pager.next}
        </Button>
      </Flex>
    </Flex>
  );
}
