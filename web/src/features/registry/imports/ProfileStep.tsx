import { Alert, Button, Flex, Input, List, Radio, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { checkProfile, createProfile, getProfile, listProfiles, previewImport, replaceProfile, validateImport } from '../api';
import { describeValue, useCatalogue } from '../catalogue';
import type { Catalogue, FactValue, ImportPreview, ImportView, ProfileChoice, ProfileIssue, RowIssue } from '../types';

const PREVIEW_ROWS = 10;

/** Where a new profile starts: the parts every profile has, for the steward to fill in. */
const NEW_PROFILE = `version: 1
id: new-profile
name: 新的映射方案
source:
  department: XH-MZ
  dataset: dataset
columns:
  - column: 姓名
    field: person.name
    required: true
  - column: 身份证号
    field: person.id_number
`;

/**
 * Choosing how the file maps to the registry: a saved profile, or one written
 * here (YAML or JSON), checked, previewed on the first rows, saved, and then
 * used to validate every row.
 */
export function ProfileStep({ upload, onValidating }: { upload: ImportView; onValidating(next: ImportView): void }) {
  const { t } = useI18n();
  const profiles = useRequest((signal) => listProfiles(signal), []);
  const [mode, setMode] = useState<'saved' | 'new'>('saved');
  const [profileId, setProfileId] = useState<string | null>(upload.profileId);
  const [text, setText] = useState('');
  const [edited, setEdited] = useState(false);
  const [issues, setIssues] = useState<ProfileIssue[] | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choice: ProfileChoice | null = mode === 'saved' && profileId && !edited ? { profileId } : text.trim() ? { text } : null;

  async function run(name: string, work: () => Promise<void>) {
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  const pick = (id: string) =>
    run('load', async () => {
      const found = await getProfile(id);
      setProfileId(id);
      setText(found.text);
      setEdited(false);
      setIssues(null);
      setPreview(null);
    });

  // Validating again starts from the profile the last validation used.
  useEffect(() => {
    if (upload.profileId) void pick(upload.profileId);
  }, [upload.profileId]);

  const check = () => run('check', async () => setIssues((await checkProfile(text)).issues));
  const showPreview = () => choice && run('preview', async () => setPreview(await previewImport(upload.id, choice, PREVIEW_ROWS)));
  const save = () =>
    run('save', async () => {
      const saved = mode === 'saved' && profileId ? await replaceProfile(profileId, text) : await createProfile(text);
      setMode('saved');
      setProfileId(saved.id);
      setEdited(false);
      setNotice(t.imports.profile.saved(saved.id, saved.version));
      profiles.reload();
    });
  const validate = () => choice && run('validate', async () => onValidating(await validateImport(upload.id, choice)));

  return (
    <Flex vertical gap={12}>
      <Radio.Group
        value={mode}
        onChange={(e) => {
          setMode(e.target.value);
          setPreview(null);
          setIssues(null);
          if (e.target.value === 'new') {
            setText(NEW_PROFILE);
            setEdited(true);
          } else if (profileId) {
            void pick(profileId);
          } else {
            setText('');
          }
        }}
        optionType="button"
        options={[
          { value: 'saved', label: t.imports.profile.choose },
          { value: 'new', label: t.imports.profile.newProfile },
        ]}
        data-testid="profile-mode"
      />
      {mode === 'saved' && (
        <Select
          value={profileId ?? undefined}
          onChange={(id: string) => void pick(id)}
          placeholder={t.imports.profile.choosePlaceholder}
          loading={profiles.loading}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ maxWidth: 560, width: '100%' }}
          options={(profiles.data ?? []).map((p) => ({ value: p.id, label: `${p.departmentName} · ${p.name}（${p.dataset} v${p.version}）` }))}
          data-testid="profile-select"
        />
      )}
      {profiles.error !== undefined && <ErrorAlert error={profiles.error} onRetry={profiles.reload} />}
      {(mode === 'new' || profileId) && (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t.imports.profile.editor}</Typography.Text>
          <Input.TextArea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setEdited(true);
              setIssues(null);
            }}
            autoSize={{ minRows: 10, maxRows: 28 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
            data-testid="profile-text"
          />
          {edited && mode === 'saved' && <Typography.Text type="warning">{t.imports.profile.edited}</Typography.Text>}
        </Flex>
      )}
      {issues && (
        issues.length === 0 ? (
          <Alert type="success" showIcon title={t.imports.profile.checked} data-testid="profile-ok" />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="profile-issues"
            title={
              <List
                size="small"
                dataSource={issues}
                renderItem={(issue) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    {[issue.line !== null ? `L${issue.line}` : null, issue.path, issue.message].filter(Boolean).join(' · ')}
                  </List.Item>
                )}
              />
            }
          />
        )
      )}
      {notice && <Alert type="success" showIcon title={notice} />}
      {error !== null && <ErrorAlert error={error} testId="profile-error" />}
      <Flex gap={8} wrap>
        <Button onClick={() => void check()} disabled={!text.trim()} loading={busy === 'check'} data-testid="profile-check">
          {t.imports.profile.check}
        </Button>
        <Button onClick={() => void showPreview()} disabled={!choice} loading={busy === 'preview'} data-testid="profile-preview">
          {t.imports.profile.preview}
        </Button>
        <Button onClick={() => void save()} disabled={!text.trim() || !edited} loading={busy === 'save'} data-testid="profile-save">
          {t.imports.profile.save}
        </Button>
        <Button type="primary" onClick={() => void validate()} disabled={!choice} loading={busy === 'validate'} data-testid="import-validate">
          {t.imports.profile.validate}
        </Button>
      </Flex>
      {preview && <PreviewTable preview={preview} />}
    </Flex>
  );
}

/** The first rows: the cells as read from the file, what the profile makes of them, and the problems it finds. */
function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t } = useI18n();
  const catalogue = useCatalogue();
  if (preview.missingColumns.length > 0) {
    return <Alert type="error" showIcon data-testid="preview-missing" title={t.imports.profile.missingColumns(preview.missingColumns.join('、'))} />;
  }
  type Row = ImportPreview['rows'][number];
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{t.imports.profile.previewTitle}</Typography.Text>
      <Table<Row>
        size="small"
        rowKey="row"
        pagination={false}
        dataSource={preview.rows}
        scroll={{ x: 'max-content' }}
        data-testid="import-preview"
        columns={[
          { key: 'row', title: t.imports.profile.row, dataIndex: 'row', fixed: 'left', width: 56 },
          ...preview.header.map((column, index) => ({ key: `c${index}`, title: column, render: (_: unknown, r: Row) => r.cells[index] ?? '' })),
          { key: 'mapped', title: t.imports.profile.mapped, render: (_: unknown, r: Row) => <MappedRecord record={r.record} catalogue={catalogue} /> },
          { key: 'issues', title: t.imports.profile.issues, render: (_: unknown, r: Row) => <RowIssues issues={r.issues} /> },
        ]}
      />
    </Flex>
  );
}

interface StagedRecord {
  person?: Record<string, FactValue> | null;
  household?: { number: string; facts: Record<string, FactValue> } | null;
  dwelling?: { address: string; facts: Record<string, FactValue> } | null;
  organisation?: { creditCode: string; facts: Record<string, FactValue> } | null;
}

function MappedRecord({ record, catalogue }: { record: unknown; catalogue?: Catalogue }) {
  const { locale } = useI18n();
  if (!record || typeof record !== 'object') return null;
  const staged = record as StagedRecord;
  const name = (key: string) => {
    const field = catalogue?.fields.find((f) => f.key === key);
    return field ? (locale === 'en' ? field.nameEn : field.name) : key;
  };
  const facts: Array<[string, FactValue]> = [
    ...Object.entries(staged.person ?? {}),
    ...(staged.household ? ([['household.number', staged.household.number], ...Object.entries(staged.household.facts)] as Array<[string, FactValue]>) : []),
    ...(staged.dwelling ? ([['dwelling.address', staged.dwelling.address], ...Object.entries(staged.dwelling.facts)] as Array<[string, FactValue]>) : []),
    ...(staged.organisation
      ? ([['organisation.credit_code', staged.organisation.creditCode], ...Object.entries(staged.organisation.facts)] as Array<[string, FactValue]>)
      : []),
  ];
  return (
    <Flex vertical style={{ minWidth: 220 }}>
      {facts.map(([key, value]) => (
        <Typography.Text key={key} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary">{name(key)}：</Typography.Text>
          {describeValue(catalogue, locale, key, value)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function RowIssues({ issues }: { issues: readonly RowIssue[] }) {
  const { t } = useI18n();
  if (issues.length === 0) return <Typography.Text type="secondary">{t.imports.profile.noIssues}</Typography.Text>;
  return (
    <Flex vertical gap={2} style={{ minWidth: 200 }}>
      {issues.map((issue, i) => (
        <span key={i}>
          <Tag color={issue.severity === 'error' ? 'red' : 'orange'}>{issue.code}</Tag>
          {[issue.column, issue.value, issue.detail].filter(Boolean).join(' · ')}
        </span>
      ))}
    </Flex>
  );
}
