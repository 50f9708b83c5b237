import { Button, Descriptions, Flex, Result, Spin, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { uploadCasePhotos, uploadMyPhotos } from '../api';
import type { Channel, IntakeResult } from '../types';
import { filesOf, PhotoPicker } from './PhotoPicker';

interface ReportReceiptProps {
  created: IntakeResult;
  photos: File[];
  channel: Channel;
  onAnother(): void;
}

type PhotoState = { status: 'idle' | 'sending' | 'sent' } | { status: 'refused'; error: unknown };

/**
 * The case exists once the report is accepted; its photos follow. A photo the
 * server refuses (wrong type, too large) does not undo the report: the
 * reporter sees why, with the case number, and may try other photos.
 */
export function ReportReceipt({ created, photos, channel, onAnother }: ReportReceiptProps) {
  const { t } = useI18n();
  const [photoState, setPhotoState] = useState<PhotoState>({ status: photos.length > 0 ? 'sending' : 'idle' });
  const [otherPhotos, setOtherPhotos] = useState<UploadFile[]>([]);
  const caseLink = channel === 'resident' ? `/my/cases/${created.id}` : `/cases/${created.id}`;

  async function send(files: File[]) {
    setPhotoState({ status: 'sending' });
    try {
      await (channel === 'resident' ? uploadMyPhotos(created.id, files) : uploadCasePhotos(created.id, files, 'report'));
      setPhotoState({ status: 'sent' });
    } catch (error) {
      setPhotoState({ status: 'refused', error });
    }
  }

  // Sent once, when the receipt appears (the ref keeps StrictMode's second effect run from
  // uploading twice); after a refusal the reporter chooses what to send.
  const sentOnce = useRef(false);
  useEffect(() => {
    if (sentOnce.current || photos.length === 0) return;
    sentOnce.current = true;
    void send(photos);
  }, []);

  return (
    <Result
      status={photoState.status === 'refused' ? 'warning' : 'success'}
      title={t.cases.receipt.title}
      subTitle={t.cases.receipt.number(created.number)}
      data-testid="report-receipt"
      extra={
        <Flex vertical gap={12} align="stretch" style={{ maxWidth: 480, margin: '0 auto', textAlign: 'start' }}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'unit', label: t.cases.receipt.unit, children: created.unit.name },
              { key: 'place', label: t.cases.receipt.place, children: created.place.communityName ?? '—' },
              { key: 'why', label: t.cases.receipt.why, children: created.routingExplanation },
            ]}
          />
          {photoState.status === 'sending' && <Spin description={t.cases.receipt.sendingPhotos} />}
          {photoState.status === 'sent' && <span data-testid="photos-sent">{t.cases.receipt.photosSent}</span>}
          {photoState.status === 'refused' && (
            <>
              <ErrorAlert error={photoState.error} testId="photo-error" />
              <PhotoPicker value={otherPhotos} onChange={setOtherPhotos} />
              <Button disabled={otherPhotos.length === 0} onClick={() => void send(filesOf(otherPhotos))}>
                {t.cases.receipt.sendOtherPhotos}
              </Button>
            </>
          )}
          {created.possibleDuplicates.length > 0 && (
            <span>{t.cases.receipt.duplicates(created.possibleDuplicates.map((duplicate) => duplicate.number).join('、'))}</span>
          )}
          <Flex gap={8} wrap justify="center">
            <Link to={caseLink}>
              <Button type="primary" data-testid="receipt-open-case">
                {t.cases.receipt.openCase}
              </Button>
            </Link>
            <Button onClick={onAnother}>{t.cases.receipt.another}</Button>
          </Flex>
        </Flex>
      }
    />
  );
}
