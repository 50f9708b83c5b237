import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useI18n } from '../i18n';

interface CursorPagerProps {
  /** 1-based number of the page on screen. */
  page: number;
  hasNext: boolean;
  pageSize: number;
  pageSizes: readonly number[];
  onPrevious(): void;
  onNext(): void;
  onPageSizeChange(size: number): void;
}

/** Previous / next paging for cursor-paginated lists, where the total is not known. */
export function CursorPager(props: CursorPagerProps) {
  const { t } = useI18n();
  return (
    <Flex align="center" justify="flex-end" gap={8} wrap>
      <Button icon={<LeftOutlined />} disabled={props.page === 1} onClick={props.onPrevious}>
        {t.pager.previous}
      </Button>
      <Typography.Text data-testid="pager-page">{t.pager.page(props.page)}</Typography.Text>
      <Button
        icon={<RightOutlined />}
        iconPlacement="end"
        disabled={!props.hasNext}
        onClick={props.onNext}
        data-testid="pager-next"
      >
        {t.pager.next}
      </Button>
      <Select
        value={props.pageSize}
        onChange={props.onPageSizeChange}
        options={props.pageSizes.map((size) => ({ value: size, label: t.pager.pageSize(size) }))}
        style={{ minWidth: 110 }}
      />
    </Flex>
  );
}
