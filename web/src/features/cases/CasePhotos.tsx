import { FilePdfOutlined } from '@ant-design/icons';
import { Flex, Image, Typography } from 'antd';
import type { Attachment } from './types';

/**
 * A case's photos as thumbnails that open full size, and its PDFs as links.
 * The files are served with the session cookie and a sandboxing CSP, so an
 * <img> shows them but nothing uploaded can run as a page.
 */
export function CasePhotos({ attachments }: { attachments: readonly Attachment[] }) {
  const images = attachments.filter((a) => a.contentType.startsWith('image/'));
  const documents = attachments.filter((a) => !a.contentType.startsWith('image/'));
  return (
    <Flex vertical gap={8}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {images.map((image) => (
              <Image
                key={image.id}
                src={image.url}
                alt={image.fileName}
                width={88}
                height={88}
                style={{ objectFit: 'cover', borderRadius: 6 }}
                data-testid="case-photo"
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {documents.map((document) => (
        <Typography.Link key={document.id} href={document.url} target="_blank" rel="noopener">
          <FilePdfOutlined /> {document.fileName}
        </Typography.Link>
      ))}
    </Flex>
  );
}
