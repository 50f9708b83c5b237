import { Alert, Button } from 'antd';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}

/** Shows the server's own message for API errors, and a plain sentence when the server was not reached. */
export function ErrorAlert({ error, onRetry, testId }: ErrorAlertProps) {
  const { t } = useI18n();
  const message = error instanceof ApiError ? error.message : t.common.networkError;
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      data-testid={testId}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t.common.retry}
          </Button>
        )
      }
    />
  );
}
