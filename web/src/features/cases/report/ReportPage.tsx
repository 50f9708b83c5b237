import { Button, Card, Flex, Form, Input, Skeleton, Typography, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { createCaseWithPhotos } from '../api';
import { useCategories } from '../categories';
import type { AttributeAnswer, AttributeDefinition, Channel, IntakeResult, LonLat } from '../types';
import { AttributeFields } from './AttributeFields';
import { CategoryPicker } from './CategoryPicker';
import { DuplicateHint } from './DuplicateHint';
import { LocationPicker } from './LocationPicker';
import { filesOf, PhotoPicker } from './PhotoPicker';
import { ReportReceipt } from './ReportReceipt';

interface ReportFields {
  categoryCode: string;
  description: string;
  location?: LonLat | null;
  address?: string;
  attributes?: Record<string, AttributeAnswer | dayjs.Dayjs | undefined>;
  photos?: UploadFile[];
}

/**
 * The answers to the chosen category's questions. The form keeps answers to a
 * category chosen before, which the server would refuse; date-times go as
 * ISO 8601 with the offset; unanswered questions are left out.
 */
function answersOf(attributes: ReportFields['attributes'], asked: readonly AttributeDefinition[]): Record<string, AttributeAnswer> {
  const answers: Record<string, AttributeAnswer> = {};
  const codes = new Set(asked.filter((question) => question.variable).map((question) => question.code));
  for (const [code, answer] of Object.entries(attributes ?? {})) {
    if (!codes.has(code) || answer === undefined || answer === null || answer === '') continue;
    answers[code] = dayjs.isDayjs(answer) ? answer.format() : answer;
  }
  return answers;
}

/**
 * One intake form for a resident's report and a grid worker's patrol finding
 * (the channel follows the role): category, description, place, photos.
 */
export default function ReportPage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const channel: Channel = grant.role === 'grid_worker' ? 'patrol' : 'resident';
  const [form] = Form.useForm<ReportFields>();
  const categories = useCategories();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<{ created: IntakeResult; photoCount: number } | null>(null);

  const categoryCode = Form.useWatch('categoryCode', form);
  const location = Form.useWatch('location', form);
  const category = categories.data?.find((each) => each.code === categoryCode);

  async function submit(fields: ReportFields) {
    setSubmitting(true);
    setError(null);
    try {
      const photos = filesOf(fields.photos);
      const created = await createCaseWithPhotos({
        categoryCode: fields.categoryCode,
        description: fields.description,
        channel,
        location: fields.location ?? undefined,
        address: fields.address?.trim() || undefined,
        // Without a point the case is placed in the reporter's own jurisdiction.
        jurisdictionCode: fields.location ? undefined : grant.jurisdiction.code,
        attributes: answersOf(fields.attributes, category?.attributes ?? []),
      }, photos);
      setReceipt({ created, photoCount: photos.length });
    } catch (failure) {
      setError(failure);
    } finally {
      setSubmitting(false);
    }
  }

  if (receipt) {
    return (
      <ReportReceipt
        created={receipt.created}
        photoCount={receipt.photoCount}
        channel={channel}
        onAnother={() => {
          form.resetFields();
          setReceipt(null);
        }}
      />
    );
  }

  return (
    <Flex vertical gap={16} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {channel === 'patrol' ? t.cases.report.patrolTitle : t.cases.report.title}
      </Typography.Title>
      <Card size="small">
        {categories.error !== undefined && <ErrorAlert error={categories.error} onRetry={categories.reload} />}
        {categories.loading && !categories.data ? (
          <Skeleton active />
        ) : (
          <Form<ReportFields> form={form} layout="vertical" onFinish={submit} disabled={submitting} requiredMark="optional" data-testid="report-form">
            <Form.Item
              name="categoryCode"
              label={t.cases.report.category}
              rules={[{ required: true, message: t.cases.report.categoryRequired }]}
              extra={category?.registrationCondition || category?.description || undefined}
            >
              <CategoryPicker categories={categories.data ?? []} />
            </Form.Item>
            {category && <AttributeFields key={category.code} definitions={category.attributes} />}
            <Form.Item
              name="description"
              label={t.cases.report.description}
              rules={[{ required: true, whitespace: true, message: t.cases.report.descriptionRequired }]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount placeholder={t.cases.report.descriptionPlaceholder} />
            </Form.Item>
            <Form.Item name="location" label={t.cases.report.location}>
              <LocationPicker />
            </Form.Item>
            {categoryCode && location && <DuplicateHint categoryCode={categoryCode} point={location} />}
            <Form.Item name="address" label={t.cases.report.address}>
              <Input maxLength={300} placeholder={t.cases.report.addressPlaceholder} />
            </Form.Item>
            <Form.Item name="photos" label={t.cases.report.photos} extra={t.cases.report.photosHint}>
              <PhotoPicker testId="report-photos" />
            </Form.Item>
            {error !== null && (
              <Form.Item>
                <ErrorAlert error={error} testId="report-error" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="report-submit">
              {t.cases.report.submit}
            </Button>
          </Form>
        )}
      </Card>
    </Flex>
  );
}
