import { BulbOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import type { CaseDetail } from '../types';
import { ProposeRuleButton } from './ProposeRuleButton';

/**
 * Who is responsible and why: the responsibility-list rule and version that
 * routed the case, or the street as hub — which may then propose a rule.
 */
export function RoutingCard({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const { routing, unit } = detail;
  // The proposals page is the street's (and the list maintainer's); others just see that one is waiting.
  const waiting = (
    <Tag icon={<BulbOutlined />} color="processing" data-testid="rule-proposal-waiting">
      {t.cases.proposals.sent}
    </Tag>
  );
  return (
    <Card size="small" title={t.cases.routing.title} data-testid="routing-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'unit', label: t.cases.routing.unit, children: <Typography.Text strong data-testid="routing-unit">{unit?.name ?? '—'}</Typography.Text> },
          {
            key: 'rule',
            label: t.cases.routing.rule,
            children: routing.hub ? (
              <Flex gap={8} wrap align="center">
                <Tag color="orange">{t.cases.routing.hub}</Tag>
                {detail.can.proposeRule && <ProposeRuleButton caseId={detail.id} onDone={onDone} />}
                {routing.openProposalId &&
                  (grant.role === 'street_staff' ? (
                    <Link to="/cases/rule-proposals">{waiting}</Link>
                  ) : (
                    waiting
                  ))}
              </Flex>
            ) : (
              <Typography.Text code>
                {t.cases.routing.ruleVersion(routing.ruleKey ?? '—', routing.ruleVersion ?? 0)}
              </Typography.Text>
            ),
          },
          { key: 'why', label: t.cases.routing.explanation, children: <span data-testid="routing-explanation">{routing.explanation}</span> },
          { key: 'returns', label: t.cases.routing.counts, children: t.cases.routing.countsValue(detail.counts.returns, detail.counts.reopens) },
        ]}
      />
    </Card>
  );
}
