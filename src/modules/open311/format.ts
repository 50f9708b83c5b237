/**
 * Open311 GeoReport v2 documents in either format: JSON, or XML with the
 * element names of the specification (a list element holds one element per
 * item, named in LIST_ITEMS). Text is always escaped: what a reporter typed
 * comes back as text, never as markup.
 */

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element each item of a list is wrapped in. */
const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** A document: JSON as is, or XML under `root` (the root of a list is named in LIST_ITEMS). */
export function render(format: Open311Format, root: string, value: Value): string {
  if (format === 'json') return JSON.stringify(value);
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

function element(name: string, value: Value): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[name];
    if (!item) throw new Error(`no item element for list ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all become the replacement character.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** The standard error document: a list of {code, description}. */
export function renderErrors(format: Open311Format, status: number, descriptions: string[]): string {
  return render(
    format,
    'errors',
    descriptions.map((description) => ({ code: status, description })),
  );
}
