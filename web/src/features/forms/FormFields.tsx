import { DeleteOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import type { AnswerValue, FieldError, FormItem, LocalizedText } from './engine';
import type { Message } from './types';

type QuestionItem = Extract<FormItem, { kind: 'question' }>;

export interface FormFieldsProps {
  items: readonly FormItem[];
  /** The message to show under each answer, by path. */
  errors: ReadonlyMap<string, FieldError>;
  /** Nothing can be changed (a submitted form, a reviewer's view). */
  readOnly: boolean;
  prefillLabels: Record<string, Record<string, Message>>;
  onAnswer(path: string, value: AnswerValue | null): void;
  onAddEntry(path: string): void;
  onRemoveEntry(path: string): void;
}

/** The language the user reads, else the one the author wrote. */
export function useLocalized() {
  const { locale } = useI18n();
  return (text: LocalizedText | Message | undefined): string => {
    if (!text) return '';
    return (locale === 'en' ? (text.en ?? text.zh) : (text.zh ?? text.en)) ?? '';
  };
}

/** The form's groups, repeats, notes and questions as the engine says they stand now. */
export function FormFields(props: FormFieldsProps) {
  return (
    <Flex vertical gap={4}>
      {props.items.map((item) => (
        <Item key={item.path} item={item} {...props} />
      ))}
    </Flex>
  );
}

function Item({ item, ...props }: FormFieldsProps & { item: FormItem }) {
  const { t } = useI18n();
  const text = useLocalized();
  switch (item.kind) {
    case 'note':
      return <Alert type="info" title={text(item.label)} description={text(item.hint) || undefined} style={{ marginBottom: 16 }} data-testid={`note-${item.name}`} />;
    case 'group':
      return (
        <Card size="small" title={text(item.label)} style={{ marginBottom: 16 }} data-testid={`group-${item.name}`}>
          {item.hint.zh || item.hint.en ? <Typography.Paragraph type="secondary">{text(item.hint)}</Typography.Paragraph> : null}
          <FormFields {...props} items={item.items} />
        </Card>
      );
    case 'repeat':
      return (
        <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid={`repeat-${item.name}`}>
          <Typography.Text strong>{text(item.label)}</Typography.Text>
          {item.entries.map((entry, index) => (
            <Card
              key={entry.path}
              size="small"
              title={t.forms.fill.entry(index + 1)}
              extra={
                !props.readOnly && (
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t.forms.fill.removeEntry} onClick={() => props.onRemoveEntry(entry.path)} />
                )
              }
            >
              <FormFields {...props} items={entry.items} />
            </Card>
          ))}
          {!props.readOnly && (
            <Button icon={<PlusOutlined />} onClick={() => props.onAddEntry(item.path)} block>
              {t.forms.fill.addEntry}
            </Button>
          )}
        </Flex>
      );
    case 'question':
      return <Question item={item} {...props} />;
  }
}

function Question({ item, errors, readOnly, prefillLabels, onAnswer }: FormFieldsProps & { item: QuestionItem }) {
  const { t, locale } = useI18n();
  const text = useLocalized();
  const error = errors.get(item.path);
  const locked = readOnly || item.readOnly;
  return (
    <div data-testid={`question-${item.path}`}>
      <Form.Item
        label={text(item.label)}
        // The form marks optional questions; one that cannot be answered here needs no mark either way.
        required={item.required || locked}
        help={error ? text(error.message) : text(item.hint) || undefined}
        validateStatus={error ? 'error' : undefined}
        extra={
          item.prefill && (
            <Tag icon={<LockOutlined />} color="blue" style={{ marginTop: 4, whiteSpace: 'normal' }} data-testid={`prefill-${item.name}`}>
              {t.forms.fill.prefilled(item.prefill.source, item.prefill.asOf ? chinaDate(item.prefill.asOf, locale) : '—')}
            </Tag>
          )
        }
      >
        {locked ? <AnswerText item={item} labels={prefillLabels[item.name] ?? {}} /> : <AnswerInput item={item} onAnswer={(value) => onAnswer(item.path, value)} />}
      </Form.Item>
    </div>
  );
}

/** Registry dates are days in China, whatever the browser's time zone. */
function chinaDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** An answer that cannot change here, as text: choices by their labels. */
function AnswerText({ item, labels }: { item: QuestionItem; labels: Record<string, Message> }) {
  const text = useLocalized();
  const { value } = item;
  if (value === null || (Array.isArray(value) && value.length === 0)) return <Typography.Text type="secondary">—</Typography.Text>;
  const choiceLabel = (name: string) => {
    const choice = item.choices?.find((c) => c.name === name);
    return choice ? text(choice.label) : labels[name] ? text(labels[name]) : name;
  };
  if (Array.isArray(value)) {
    return (
      <Space size={[4, 4]} wrap data-testid={`answer-${item.path}`}>
        {value.map((name) => (
          <Tag key={name}>{choiceLabel(name)}</Tag>
        ))}
      </Space>
    );
  }
  return <Typography.Text data-testid={`answer-${item.path}`}>{item.choices ? choiceLabel(String(value)) : String(value)}</Typography.Text>;
}

/** Few choices are laid out to tap; more go in a list to search. */
const TAP_CHOICES = 6;

function AnswerInput({ item, onAnswer }: { item: QuestionItem; onAnswer(value: AnswerValue | null): void }) {
  const text = useLocalized();
  const { value } = item;
  const testId = `input-${item.path}`;
  switch (item.type) {
    case 'text':
      return <Input value={typeof value === 'string' ? value : ''} onChange={(e) => onAnswer(e.target.value)} maxLength={2000} data-testid={testId} />;
    case 'integer':
    case 'decimal':
      return (
        <InputNumber
          value={typeof value === 'number' ? value : null}
          precision={item.type === 'integer' ? 0 : undefined}
          inputMode={item.type === 'integer' ? 'numeric' : 'decimal'}
          onChange={(next) => onAnswer(next)}
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'date':
      return (
        <DatePicker
          value={typeof value === 'string' ? dayjs(value) : null}
          onChange={(day) => onAnswer(day ? day.format('YYYY-MM-DD') : null)}
          inputReadOnly
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'select_one': {
      const choices = item.choices ?? [];
      if (choices.length <= TAP_CHOICES) {
        return (
          <Radio.Group value={value} onChange={(e) => onAnswer(e.target.value as string)} data-testid={testId}>
            <Flex vertical gap={8}>
              {choices.map((c) => (
                <Radio key={c.name} value={c.name}>
                  {text(c.label)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        );
      }
      return (
        <Select
          value={typeof value === 'string' ? value : undefined}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(next: string | undefined) => onAnswer(next ?? null)}
          options={choices.map((c) => ({ value: c.name, label: text(c.label) }))}
          data-testid={testId}
        />
      );
    }
    case 'select_multiple':
      return (
        <Checkbox.Group value={Array.isArray(value) ? value : []} onChange={(next) => onAnswer(next as string[])} data-testid={testId}>
          <Flex vertical gap={8}>
            {(item.choices ?? []).map((c) => (
              <Checkbox key={c.name} value={c.name}>
                {text(c.label)}
              </Checkbox>
            ))}
          </Flex>
        </Checkbox.Group>
      );
  }
}
