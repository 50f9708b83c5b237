import { describe, expect, it } from 'vitest';
import { escapeXml, render, renderErrors } from './format.js';

describe('render', () => {
  it('writes JSON as is', () => {
    expect(render('json', 'services', [{ service_code: 'A', metadata: false }])).toBe('[{"service_code":"A","metadata":false}]');
  });

  it('writes XML with one element per list item and empty elements for missing values', () => {
    expect(render('xml', 'service_requests', [{ service_request_id: 'GZ-1', address: null, lat: 30.25, values: [{ key: 'a', name: 'b' }] }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>GZ-1</service_request_id><address/><lat>30.25</lat>' +
        '<values><value><key>a</key><name>b</name></value></values></request></service_requests>',
    );
  });

  it('writes the standard error bodies', () => {
    expect(renderErrors('json', 403, ['Invalid api_key'])).toBe('[{"code":403,"description":"Invalid api_key"}]');
    expect(renderErrors('xml', 400, ['lat: required'])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>lat: required</description></error></errors>',
    );
  });

  it('refuses a list it has no item element for, rather than write invalid XML', () => {
    expect(() => render('xml', 'things', [1])).toThrow(/no item element/);
  });
});

describe('escapeXml', () => {
  it('makes markup inert', () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &apos;y&apos;&lt;/script&gt;');
  });

  it('replaces characters XML cannot carry, keeps Chinese text and emoji', () => {
    expect(escapeXml('a\u0000b\u0007c\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(escapeXml('井盖缺失 🚧\n第二行\t')).toBe('井盖缺失 🚧\n第二行\t');
    expect(escapeXml('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
  });
});
