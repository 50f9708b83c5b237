import { Col, Flex, Row, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { HomeSection } from './HomeSection';
import { homeSections } from './sections';

/** The home of the role the user is acting in: its title, whose grant this is, and its sections. */
export default function HomePage() {
  const { grant } = useSignedIn();
  const { t } = useI18n();
  const actingAs = [t.roles[grant.role], grant.jurisdiction.name, grant.department?.name].filter(Boolean).join(' · ');

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-title">
          {t.homes[grant.role]}
        </Typography.Title>
        <Typography.Text type="secondary">{actingAs}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        {homeSections[grant.role].map((id) => (
          <Col key={id} xs={24} md={12} xl={8}>
            <HomeSection id={id} />
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
