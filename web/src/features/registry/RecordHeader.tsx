import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { PurposeSelect } from './PurposeSelect';

/** A record page's title with the way back and the purpose it is read under. */
export function RecordHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  const navigate = useNavigate();
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Flex align="center" gap={8} wrap>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="back" />
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      <PurposeSelect />
    </Flex>
  );
}
