import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { strToU8, zipSync } from 'fflate';
import { XLSX_LIMITS } from '../../../engine/reconcile/import-xlsx.ts';

describe('request bodies and what errors say about them', () => {
  let server: TestServer;
  let editor: ReturnType<typeof apiClient>;
  let bomb: Uint8Array;
  beforeAll(async () => {
    // Built before any request: zipping 106 MB holds the event loop for seconds, and a client's
    // kept-alive connection reused right after such a pause may meet the server closing it.
    bomb = oversizedWorkbook();
    server = await startTestServer();
    const admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    await admin.post('/api/users', { name: 'ed', password: 'a long password', role: 'editor' });
    editor = apiClient(server.url);
    await editor.login('ed', 'a long password');
  });
  afterAll(() => server.stop());

  it('refuses a JSON body over 1 MiB with 413 and a short message, without reading it', async () => {
    const token = (await editor.post('/api/tokens', { name: 'validate' })).body.token;
    const body = JSON.stringify({ text: `id: Big\n# ${'x'.repeat(2 * 1024 * 1024)}` });
    const response = await postUnread(new URL('/api/formulas/validate', server.url), body, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'body_too_large' });
    expect(response.text.length).toBeLessThan(500);
  });

  it('lets a legacy file upload be larger than JSON, up to the upload limit', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024, 'a').toString('base64');
    const accepted = await editor.post('/api/reconciliations', { snapshot: server.snapshotId, fileName: 'export.csv', content });
    expect(accepted.status).not.toBe(413);
    const token = (await editor.post('/api/tokens', { name: 'upload' })).body.token;
    const body = JSON.stringify({ snapshot: server.snapshotId, fileName: 'export.csv', content: 'a'.repeat(60 * 1024 * 1024) });
    const tooLarge = await postUnread(new URL('/api/reconciliations', server.url), body, { authorization: `Bearer ${token}` });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text).detail).toMatch(/larger than the 48 MiB/);
  });

  it('refuses an XLSX that unzips to far more than a legacy export (a small file, millions of cells) with 400, reading only its directory', async () => {
    const refused = await editor.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'export.xlsx',
      content: Buffer.from(bomb).toString('base64'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/the workbook's sheets unzip to 106 MB, more than the 96 MB a legacy export can hold/);
  });

  it('never echoes a long value in full in an error', async () => {
    const response = await editor.post('/api/drafts', { formulaId: 'AnsweredCalls', text: `id: ${'X'.repeat(150_000)}\n` });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('id_mismatch');
    expect(response.body.detail.length).toBeLessThan(1200);
    expect(response.body.detail).toMatch(/more characters\)$/);
  });
});

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it.each([
    ['an API answer', '/api/health'],
    ['a refusal', '/api/me'],
    ['a route that does not exist', '/api/nothing-here'],
    ['the web UI', '/'],
  ])('are on %s', async (_, path) => {
    const response = await fetch(new URL(path, server.url));
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

/** POSTs a body the server may answer before reading it all (and then stop reading): the answer, whatever happens to the rest. */
function postUnread(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sending = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    sending.on('error', (error) => (sending.writableEnded ? undefined : reject(error)));
    sending.end(body);
  });
}

/**
 * A workbook whose sheet unzips to 1.1 times what a legacy export can hold, its compressed bytes made
 * undecodable and its directory entry left as it was: a server that unzipped it would fail on the
 * data, one that reads the directory refuses it by its size.
 */
function oversizedWorkbook(): Uint8Array {
  const cell = '<c t="n"><v>1</v></c>';
  const sheet = `<worksheet><sheetData><row r="1">${cell.repeat(Math.ceil((XLSX_LIMITS.sheetBytes * 1.1) / cell.length))}</row></sheetData></worksheet>`;
  const xlsx = zipSync({ 'xl/worksheets/sheet1.xml': [strToU8(sheet), { level: 1 }], 'xl/workbook.xml': strToU8('<workbook/>') });
  const dataStart = 30 + readUint16(xlsx, 26) + readUint16(xlsx, 28);
  xlsx.fill(0xff, dataStart, dataStart + readUint32(xlsx, 18));
  return xlsx;
}

/** Little-endian integers of a ZIP header (the first local file header starts at 0). */
function readUint16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (readUint16(bytes, at) | (readUint16(bytes, at + 2) << 16)) >>> 0;
}
