import { Button, Descriptions, Flex, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import type { Channel, IntakeResult } from '../types';

interface ReportReceiptProps {
  created: IntakeResult;
  /** Photos that came with the report (they were accepted with it, or the report would have been refused). */
  photoCount: number;
  channel: Channel;
  onAnother(): void;
}

/** The accepted report: its number, who handles it and why, and what came with it. */
export function ReportReceipt({ created, photoCount, channel, onAnother }: ReportReceiptProps) {
  const { t } = useI18n();
  const caseLink = channel === 'resident' ? `/my/cases/${created.id}` : `/cases/${created.id}`;
  return (
    <Result
      status="success"
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
          {photoCount > 0 && <span data-testid="photos-sent">{t.cases.receipt.photosSent(photoCount)}</span>}
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
