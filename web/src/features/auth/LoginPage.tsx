import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { Brand } from '../../components/Brand';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../i18n';
import { useSession } from './session';

interface Credentials {
  username: string;
  password: string;
}

/** Username and password; a refusal (wrong password, locked account) shows the server's reason. */
export default function LoginPage() {
  const { t } = useI18n();
  const { logIn } = useSession();
  const { token } = theme.useToken();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit({ username, password }: Credentials) {
    setSubmitting(true);
    setError(null);
    try {
      await logIn(username.trim(), password);
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  }

  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}>
      <Flex justify="flex-end" style={{ width: '100%' }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 380, marginTop: '10vh' }}>
        <Flex vertical gap={4} style={{ marginBottom: 24 }}>
          <Brand />
          <Typography.Text type="secondary">{t.app.tagline}</Typography.Text>
        </Flex>
        <Typography.Title level={4}>{t.login.title}</Typography.Title>
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting}>
          <Form.Item
            name="username"
            label={t.login.username}
            rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.login.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error !== null && (
            <Form.Item>
              <ErrorAlert error={error} testId="login-error" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t.login.submit}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
