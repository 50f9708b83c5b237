import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { sectionContent, type SectionId } from './sections';

export function HomeSection({ id }: { id: SectionId }) {
  const { t } = useI18n();
  const { title, hint } = t.sections[id];
  const Content = sectionContent[id];
  return (
    <Card title={title} style={{ height: '100%' }} data-testid={`section-${id}`}>
      {Content ? (
        <>
          <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
          <Content />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hint} />
      )}
    </Card>
  );
}
