import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title, with what acts on the whole page (links, filters, buttons) on its right. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" gap={8} wrap>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
