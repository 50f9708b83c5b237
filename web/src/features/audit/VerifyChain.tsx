import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { verifyAuditChain, type ChainVerification } from './api';

/** Asks the server to recompute the audit hash chain and says whether it is intact. */
export function VerifyChain() {
  const { t, formatDateTime } = useI18n();
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<ChainVerification | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function verify() {
    setVerifying(true);
    setResult(null);
    setError(null);
    try {
      setResult(await verifyAuditChain());
    } catch (failure) {
      setError(failure);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Flex vertical gap={12} align="flex-start">
      <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify} data-testid="verify-chain">
        {t.audit.verify.button}
      </Button>
      {result && (
        <Alert
          showIcon
          type={result.ok ? 'success' : 'error'}
          data-testid="verify-result"
          title={
            result.firstBroken
              ? t.audit.verify.broken(result.checked, result.firstBroken.id, formatDateTime(result.firstBroken.at))
              : t.audit.verify.intact(result.checked)
          }
        />
      )}
      {error !== null && <ErrorAlert error={error} />}
    </Flex>
  );
}
