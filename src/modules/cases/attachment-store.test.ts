import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskAttachmentStore, sniffAttachmentType } from './attachment-store.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('sniffAttachmentType', () => {
  it('recognises the allowed types by their first bytes', () => {
    expect(sniffAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffAttachmentType(PNG)).toBe('image/png');
    expect(sniffAttachmentType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffAttachmentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses anything else, whatever it is called', () => {
    expect(sniffAttachmentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffAttachmentType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffAttachmentType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffAttachmentType(Buffer.alloc(0))).toBeNull();
  });
});

describe('DiskAttachmentStore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gongzhi-attachments-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const store = new DiskAttachmentStore(root);

  it('stores, reads back and removes bytes by key', async () => {
    const key = randomUUID();
    await store.put(key, PNG);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.open(key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(PNG);
    await store.remove(key);
    await expect(store.open(key)).rejects.toThrow(/ENOENT/);
  });

  it('refuses keys it did not make, so no path can escape the root', async () => {
    await expect(store.put('../../etc/passwd', PNG)).rejects.toThrow(/bad attachment key/);
  });
});
