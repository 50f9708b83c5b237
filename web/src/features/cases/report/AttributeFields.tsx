import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import type { AttributeDefinition } from '../types';

/** The questions a category asks when a problem is reported (Open311 "attributes"), in their order. */
export function AttributeFields({ definitions }: { definitions: readonly AttributeDefinition[] }) {
  const { t } = useI18n();
  return (
    <>
      {[...definitions]
        .sort((a, b) => a.order - b.order)
        .map((definition) =>
          definition.variable ? (
            <Form.Item
              key={definition.code}
              name={['attributes', definition.code]}
              label={definition.description}
              extra={definition.datatypeDescription || undefined}
              rules={definition.required ? [{ required: true, message: t.cases.report.answerRequired }] : []}
            >
              <AnswerInput definition={definition} />
            </Form.Item>
          ) : (
            <Typography.Paragraph key={definition.code} type="secondary">
              {definition.description}
            </Typography.Paragraph>
          ),
        )}
    </>
  );
}

/** Form.Item passes value and onChange through to the input it wraps. */
function AnswerInput({ definition, ...control }: { definition: AttributeDefinition }) {
  const options = definition.values.map((value) => ({ value: value.key, label: value.name }));
  switch (definition.datatype) {
    case 'string':
      return <Input maxLength={200} {...control} />;
    case 'text':
      return <Input.TextArea maxLength={4000} autoSize={{ minRows: 2 }} {...control} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} {...control} />;
    case 'datetime':
      return <DatePicker showTime style={{ width: '100%' }} {...control} />;
    case 'singlevaluelist':
      return <Radio.Group options={options} {...control} />;
    case 'multivaluelist':
      return <Checkbox.Group options={options} {...control} />;
  }
}
