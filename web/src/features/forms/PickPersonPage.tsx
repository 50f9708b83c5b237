import { Button, Card, Empty, Flex, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { getForm, openForm, searchPeople } from './api';
import type { PersonItem, SubjectType } from './types';

const PAGE = 20;

/**
 * Choosing whom the form is filled on: the people the registry places in the
 * worker's jurisdiction (their grid), by name. A form on a household or a
 * dwelling is opened on the household the person belongs to, or the dwelling
 * they live in, found the same way. Opening creates the submission, or goes
 * back to the one left unfinished.
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
  const form = useRequest((signal) => getForm(formId, signal), [formId]);
  const people = useRequest((signal) => searchPeople(name, offset, signal), [name, offset]);
  const subjectType: SubjectType = form.data?.subjectType ?? 'person';
  const words = {
    person: { title: t.forms.pick.title, search: t.forms.pick.searchPlaceholder },
    household: { title: t.forms.pick.titleHousehold, search: t.forms.pick.searchHousehold },
    dwelling: { title: t.forms.pick.titleDwelling, search: t.forms.pick.searchDwelling },
  }[subjectType];

  /** The record the form opens on for this person, if the registry has one. */
  function recordOf(person: PersonItem): string | null {
    if (subjectType === 'household') return person.householdId;
    if (subjectType === 'dwelling') return person.dwellingId;
    return person.id;
  }

  async function open(id: string) {
    setOpening(id);
    setError(null);
    try {
      const submission = await openForm(formId, { type: subjectType, id });
      navigate(`/forms/submissions/${submission.id}`);
    } catch (failure) {
      setError(failure);
      setOpening(null);
    }
  }

  // Several residents share a household or a dwelling: each is offered once, under the first of them.
  const seen = new Set<string>();
  const options = (people.data ?? []).filter((person) => {
    const id = recordOf(person);
    if (id === null) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {form.data?.title ? `${words.title} · ${form.data.title}` : words.title}
      </Typography.Title>
      {form.error !== undefined && <ErrorAlert error={form.error} onRetry={form.reload} />}
      <Input.Search
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(value) => {
          setOffset(0);
          setName(value.trim());
        }}
        placeholder={words.search}
        allowClear
        enterButton
        data-testid="person-search"
      />
      {error !== null && <ErrorAlert error={error} />}
      {people.error !== undefined && <ErrorAlert error={people.error} onRetry={people.reload} />}
      {/* The previous page's people are not shown while another page or name loads: a tap must open whom it shows. */}
      {!people.data || people.loading || !form.data ? (
        <Skeleton active />
      ) : options.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.forms.pick.none} />
      ) : (
        <Flex vertical gap={8}>
          {options.map((person) => {
            const id = recordOf(person);
            return (
              <Card
                key={person.id}
                size="small"
                hoverable={id !== null}
                onClick={id === null ? undefined : () => void open(id)}
                data-testid="person-option"
                loading={id !== null && opening === id}
              >
                <Flex vertical>
                  <Typography.Text strong>
                    {subjectType === 'household' ? t.forms.pick.householdOf(person.name) : subjectType === 'dwelling' ? t.forms.pick.dwellingOf(person.name) : person.name}
                  </Typography.Text>
                  {subjectType === 'person' && (
                    <Typography.Text type="secondary">
                      {[person.birthDate && t.forms.pick.born(person.birthDate), person.idNumber].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  )}
                  {person.address && <Typography.Text type="secondary">{person.address}</Typography.Text>}
                  {id === null && <Typography.Text type="secondary">{t.forms.pick.noRecord}</Typography.Text>}
                </Flex>
              </Card>
            );
          })}
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
