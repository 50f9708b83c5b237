import { Form, type UploadFile } from 'antd';
import { useRef } from 'react';
import { useI18n } from '../../../i18n';
import { uploadCasePhotos } from '../api';
import { filesOf, PhotoPicker } from '../report/PhotoPicker';
import { TextPrompt } from '../TextPrompt';
import type { TransitionBody } from '../types';

interface HandlePromptProps {
  caseId: string;
  onSend(body: TransitionBody): Promise<void>;
  onClose(): void;
}

/**
 * 处置: the result in words and photos as evidence. The photos are stored
 * first and their ids sent with the result, so the case is never handled
 * with evidence the server refused.
 */
export function HandlePrompt({ caseId, onSend, onClose }: HandlePromptProps) {
  const { t } = useI18n();
  // Photos already stored on an earlier try are not sent again when the step itself is retried.
  const stored = useRef(new Map<File, string>());

  async function submit(text: string | undefined, photos: UploadFile[] | undefined) {
    const files = filesOf(photos);
    const fresh = files.filter((file) => !stored.current.has(file));
    if (fresh.length > 0) {
      const { attachmentIds } = await uploadCasePhotos(caseId, fresh, 'evidence');
      fresh.forEach((file, index) => stored.current.set(file, attachmentIds[index]));
    }
    const evidenceAttachmentIds = files.map((file) => stored.current.get(file)!);
    await onSend({ action: 'handle', result: text ?? '', evidenceAttachmentIds: evidenceAttachmentIds.length > 0 ? evidenceAttachmentIds : undefined });
  }

  return (
    <TextPrompt
      open
      title={t.cases.actions.names.handle}
      label={t.cases.actions.result}
      required
      onSubmit={({ text, evidence }) => submit(text, evidence as UploadFile[] | undefined)}
      onClose={onClose}
    >
      <Form.Item name="evidence" label={t.cases.actions.evidence} extra={t.cases.report.photosHint}>
        <PhotoPicker testId="evidence-photos" />
      </Form.Item>
    </TextPrompt>
  );
}
