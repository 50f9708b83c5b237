import { Form, Input, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';

type PromptValues = { text?: string } & Record<string, unknown>;

interface TextPromptProps {
  open: boolean;
  title: string;
  label: string;
  /** A reason is required; a note is optional. */
  required: boolean;
  /** More fields above the text (a unit to reassign to, evidence photos…). */
  children?: ReactNode;
  /** Gets the trimmed text (absent when left empty) and every other field of the form. */
  onSubmit(values: PromptValues): Promise<unknown>;
  onClose(): void;
  okText?: string;
}

/**
 * Asks for the reason or note an action takes, sends it, and shows the
 * server's refusal in place so the user can correct and resend.
 */
export function TextPrompt({ open, title, label, required, children, onSubmit, onClose, okText }: TextPromptProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<PromptValues>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(values: PromptValues) {
    setSending(true);
    setError(null);
    try {
      await onSubmit({ ...values, text: values.text?.trim() || undefined });
      form.resetFields();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t.cases.actions.send}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={sending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} clearOnDestroy>
        {children}
        <Form.Item
          name="text"
          label={label}
          rules={required ? [{ required: true, whitespace: true, message: t.cases.actions.textRequired(label) }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} data-testid="prompt-text" />
        </Form.Item>
        {error !== null && <ErrorAlert error={error} testId="prompt-error" />}
      </Form>
    </Modal>
  );
}
