import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../../../server/auth/rate-limit.ts';
import { createFirstAdministrator, logIn } from '../../../server/services/sessions.ts';
import { listAudit } from '../../../server/store/audit.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
beforeAll(async () => {
  ws = await serviceWorkspace();
});
afterAll(() => ws.close());

const deps = () => ({ db: ws.db, now: () => NOW });
const PASSWORD = 'a long admin password';

describe('sessions', () => {
  it('creates the first administrator with a session, and no second one', async () => {
    const first = await createFirstAdministrator(deps(), { name: 'admin', password: PASSWORD });
    expect(first.user).toMatchObject({ name: 'admin', role: 'admin' });
    expect(first.token).not.toBe(first.csrf);
    await expect(createFirstAdministrator(deps(), { name: 'other', password: PASSWORD })).rejects.toMatchObject({ status: 409, code: 'already_set_up' });
  });

  it('logs in by name and password, audited', async () => {
    const outcome = await logIn({ ...deps(), limiter: createLoginLimiter() }, { name: 'admin', password: PASSWORD }, '10.0.0.7');
    expect(outcome).toMatchObject({ kind: 'session', session: { user: { name: 'admin' } } });
    expect((await listAudit(ws.db, { limit: 1 }))[0]).toMatchObject({ actor: 'admin', action: 'session.login', target: 'user:admin' });
  });

  it('after five failures for one account says how long to wait, even with the right password and from another address', async () => {
    let clock = 0;
    const limiter = createLoginLimiter({ now: () => clock });
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(logIn({ ...deps(), limiter }, { name: 'admin', password: 'wrong password' }, '10.0.0.8')).rejects.toMatchObject({
        status: 401,
        code: 'bad_credentials',
      });
    }
    clock = 60_000;
    expect(await logIn({ ...deps(), limiter }, { name: 'admin', password: PASSWORD }, '10.0.0.8')).toEqual({ kind: 'wait', seconds: 240 });
    expect(await logIn({ ...deps(), limiter }, { name: 'admin', password: PASSWORD }, '10.0.0.9')).toEqual({ kind: 'wait', seconds: 240 });
    clock = 300_001;
    expect((await logIn({ ...deps(), limiter }, { name: 'admin', password: PASSWORD }, '10.0.0.9')).kind).toBe('session');
  });

  it('after twenty failures from one address over any accounts makes that address wait, not the others', async () => {
    const limiter = createLoginLimiter({ now: () => 0 });
    for (let attempt = 0; attempt < 20; attempt++) {
      await expect(logIn({ ...deps(), limiter }, { name: `guess${attempt}`, password: 'a guess' }, '10.0.0.10')).rejects.toMatchObject({ status: 401 });
    }
    expect((await logIn({ ...deps(), limiter }, { name: 'admin', password: PASSWORD }, '10.0.0.10')).kind).toBe('wait');
    expect((await logIn({ ...deps(), limiter }, { name: 'admin', password: PASSWORD }, '10.0.0.11')).kind).toBe('session');
  });
});
