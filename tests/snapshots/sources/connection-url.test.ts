import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../../snapshots/errors.ts';
import { connectError, parseSourceUrl, redactSecret, redactUrl } from '../../../snapshots/sources/connection-url.ts';

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

  it.each([
    ['a slash', 'pa/ss'],
    ['an at sign', 'p@ss'],
    ['a slash and an at sign', 'p@ss/w0rd@x'],
    ['a colon and a question mark', 'a:b?c#d'],
    ['a percent sign that is not an escape', '100%sure'],
  ])('reads a password holding %s as written, and never echoes it', (_what, password) => {
    const url = `postgres://reader:${password}@db.example:5433/replica`;
    expect(parseSourceUrl(url, {})).toMatchObject({ user: 'reader', password, host: 'db.example', port: 5433, database: 'replica' });
    expect(redactUrl(url)).toBe('postgres://reader:***@db.example:5433/replica');
    const malformed = `postgres://reader:${password}@db.example:5433/replica?bogus=1`;
    const error = (() => {
      try {
        parseSourceUrl(malformed, {});
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error?.message).toContain('unknown option bogus');
    expect(error?.message).not.toContain(password);
  });

  it('says a password is missing when the server asks for one and none was given', () => {
    const config = parseSourceUrl('postgres://reader@db.example/replica', {});
    const error = connectError(config, new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), false);
    expect(error).toMatchObject({ code: 'source_login_failed' });
    expect(error.message).toContain('wants a password for user "reader" and none was given: set BILLING_SOURCE_PASSWORD');
    expect(error.message).not.toMatch(/Cannot connect|timeout/);
  });

  it('names the time limit only when the attempt timed out', () => {
    const config = parseSourceUrl('postgres://reader:pw@db.example/replica?connectTimeout=2000', {});
    expect(connectError(config, Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' }), false).message).toBe(
      'Cannot connect to postgresql db.example:5432/replica: connect ECONNREFUSED 10.0.0.1:5432',
    );
    expect(connectError(config, new Error('Connection terminated due to connection timeout'), false).message).toContain('(timeout 2 s)');
  });

  it('redacts a secret and its URL-encoded form from driver messages', () => {
    expect(redactSecret('login p@ss/w0rd failed, p%40ss%2Fw0rd', 'p@ss/w0rd')).toBe('login *** failed, ***');
    expect(redactSecret('a message', undefined)).toBe('a message');
  });
});
