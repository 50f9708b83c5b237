import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useI18n } from '../../../i18n';

interface PhotoPickerProps {
  value?: UploadFile[];
  onChange?(files: UploadFile[]): void;
  testId?: string;
}

/**
 * Photos chosen on the device, shown as thumbnails; they are sent with the
 * form they sit in. The server decides what it takes (type by the bytes, size
 * by its settings) and its refusal is shown as it words it.
 */
export function PhotoPicker({ value = [], onChange, testId }: PhotoPickerProps) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <Upload
        listType="picture-card"
        accept="image/*"
        multiple
        fileList={value}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange?.(fileList)}
        showUploadList={{ showPreviewIcon: false }}
      >
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <PlusOutlined />
          <div style={{ marginTop: 4 }}>{t.cases.report.addPhoto}</div>
        </button>
      </Upload>
    </div>
  );
}

/** The chosen files themselves, for the upload. */
export const filesOf = (photos: readonly UploadFile[] | undefined): File[] =>
  (photos ?? []).flatMap((photo) => (photo.originFileObj ? [photo.originFileObj as File] : []));
