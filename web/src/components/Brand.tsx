import { Flex, Typography } from 'antd';

/** The product mark: 共治 with its romanised name beside it. */
export function Brand() {
  return (
    <Flex align="baseline" gap={8} style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text strong style={{ fontSize: 20 }}>
        共治
      </Typography.Text>
      <Typography.Text type="secondary">Gongzhi</Typography.Text>
    </Flex>
  );
}
