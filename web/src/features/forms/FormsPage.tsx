import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listForms, listSubmissions } from './api';
import { SubmissionCards } from './SubmissionCards';

/** The worker's collection page: what is unfinished, the forms to fill, what was sent. */
export default function FormsPage() {
  const { t } = useI18n();
  const unfinished = useRequest((signal) => listSubmissions({ status: ['returned', 'draft'], mine: true }, signal), []);
  const sent = useRequest((signal) => listSubmissions({ status: ['submitted', 'approved'], mine: true }, signal), []);
  const forms = useRequest((signal) => listForms('active', signal), []);
  return (
    <Flex vertical gap={16} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.forms}
      </Typography.Title>
      <Card size="small" title={t.forms.worker.unfinished} data-testid="unfinished">
        <SubmissionCards request={unfinished} empty={t.forms.worker.nothingUnfinished} />
      </Card>
      <Card size="small" title={t.forms.worker.forms}>
        {forms.error !== undefined && <ErrorAlert error={forms.error} onRetry={forms.reload} />}
        {!forms.data ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : forms.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.forms.worker.noForms} />
        ) : (
          <Flex vertical gap={8}>
            {forms.data.map((form) => (
              <Card key={form.id} size="small" data-testid={`form-${form.formKey}`}>
                <Flex vertical gap={4}>
                  <Typography.Text strong>{form.title}</Typography.Text>
                  <Typography.Text type="secondary">
                    {form.ownerDepartment.name} · {t.forms.worker.questions(form.questionCount)} · {t.forms.worker.prefilledCount(form.bindings.length)}
                  </Typography.Text>
                  <Link to={`/forms/${form.id}/people`}>
                    <Button type="primary" icon={<FormOutlined />} block data-testid="choose-person">
                      {{ person: t.forms.worker.choosePerson, household: t.forms.worker.chooseHousehold, dwelling: t.forms.worker.chooseDwelling }[form.subjectType]}
                    </Button>
                  </Link>
                </Flex>
              </Card>
            ))}
          </Flex>
        )}
      </Card>
      <Card size="small" title={t.forms.worker.sent}>
        <SubmissionCards request={sent} empty={t.forms.worker.nothingSent} />
      </Card>
    </Flex>
  );
}
