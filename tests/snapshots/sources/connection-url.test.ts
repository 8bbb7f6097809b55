import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../../snapshots/errors.ts';
import { parseSourceUrl, redactSecret, redactUrl } from '../../../snapshots/sources/connection-url.ts';

describe('source URLs', () => {
  const check = (url: string, expected: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => expect(parseSourceUrl(url, env)).toMatchObject(expected);

  it('reads kind, host, port, database, credentials and options', () => {
    check('mssql://reader:s3cret@is-db:1433/IS', {
      kind: 'sqlserver',
      host: 'is-db',
      port: 1433,
      database: 'IS',
      user: 'reader',
      password: 's3cret',
      schema: 'dbo',
    });
    check('sqlserver://reader@is-db/IS', { kind: 'sqlserver', port: 1433, password: undefined, readUncommitted: false, encrypt: true });
    check('postgres://u@127.0.0.1/replica', { kind: 'postgresql', port: 5432, schema: 'public' });
    check('postgresql://u@h:6543/r?schema=is_copy', { port: 6543, schema: 'is_copy' });
    check('mssql://u@h/IS?readUncommitted=true&encrypt=false&trustServerCertificate=1', {
      readUncommitted: true,
      encrypt: false,
      trustServerCertificate: true,
    });
    check('mssql://u@h/IS?connectTimeout=500&requestTimeout=0', { connectTimeoutMs: 500, requestTimeoutMs: 0 });
    check('mssql://u:p%40ss%2Fw0rd@h/IS', { password: 'p@ss/w0rd' });
  });

  it('takes missing credentials from BILLING_SOURCE_USER and BILLING_SOURCE_PASSWORD', () => {
    check('mssql://is-db/IS', { user: 'env-user', password: 'env-pass' }, { BILLING_SOURCE_USER: 'env-user', BILLING_SOURCE_PASSWORD: 'env-pass' });
    check('mssql://url-user:url-pass@is-db/IS', { user: 'url-user', password: 'url-pass' }, { BILLING_SOURCE_PASSWORD: 'env-pass' });
  });

  it.each([
    ['not a url', /expected mssql:\/\//],
    ['mysql://u@h/db', /unknown scheme "mysql:"/],
    ['mssql://u@h/', /needs a host and a database/],
    ['mssql://u@h/IS?timeout=3', /unknown option timeout/],
    ['mssql://u@h/IS?schema=dbo;DROP', /not a plain identifier/],
    ['mssql://u@h/IS?readUncommitted=yes', /readUncommitted must be true or false/],
    ['mssql://u@h/IS?connectTimeout=-1', /connectTimeout must be a whole number/],
  ])('refuses %s', (url, message) => {
    expect(() => parseSourceUrl(url, {})).toThrow(message);
    expect(() => parseSourceUrl(url, {})).toThrow(SnapshotError);
  });

  it('never echoes the password of a malformed URL', () => {
    expect(() => parseSourceUrl('mssql://u:hunter22@h/IS?bogus=1', {})).toThrow(/mssql:\/\/u:\*\*\*@h\/IS/);
    expect(redactUrl('postgres://u:pw@h/db')).toBe('postgres://u:***@h/db');
  });

  it('redacts a secret and its URL-encoded form from driver messages', () => {
    expect(redactSecret('login p@ss/w0rd failed, p%40ss%2Fw0rd', 'p@ss/w0rd')).toBe('login *** failed, ***');
    expect(redactSecret('a message', undefined)).toBe('a message');
  });
});
