import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint } from '../../../server/api/endpoint.ts';
import type { AppEnv } from '../../../server/auth/middleware.ts';
import { mount } from '../../../server/http/openapi.ts';
import { problemResponse } from '../../../server/http/problem.ts';

const answer = endpoint({
  method: 'post',
  path: '/api/things/{id}',
  summary: 'A thing',
  access: 'editor',
  tag: 'test',
  headers: z.object({ 'if-match': z.coerce.number().int() }),
  body: z.object({ count: z.number().int() }),
  reply: { json: z.object({ id: z.string(), count: z.number().int() }), status: 201 },
});

/** An app with one endpoint whose handler answers `reply`, called by a user of `role`. */
function appAnswering(reply: (count: number, id: string) => unknown, { checkResponses = true, role = 'editor' as 'viewer' | 'editor' } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError((error, c) => problemResponse(error, c));
  app.use('*', async (c, next) => {
    c.set('user', { id: 1, name: 'eve', role });
    await next();
  });
  mount(app, { checkResponses }, answer, (_c, request) => reply(request.body.count, request.params.id) as { id: string; count: number });
  const post = (body: string, headers: Record<string, string> = { 'if-match': '1' }) =>
    app.request('/api/things/a%20b', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { post };
}

describe('mounting an endpoint of the contract', () => {
  it('parses path parameters, headers and body, and answers with the endpoint status', async () => {
    const response = await appAnswering((count, id) => ({ id, count })).post('{"count": 3}');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'a b', count: 3 });
  });

  it('refuses a body outside its schema with 400 naming the field, and bad JSON with 400', async () => {
    const app = appAnswering((count, id) => ({ id, count }));
    const wrong = await app.post('{"count": "three"}');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'bad_request', field: 'count' });
    expect((await app.post('{count')).status).toBe(400);
  });

  it('asks for a missing If-Match with 428', async () => {
    const response = await appAnswering((count, id) => ({ id, count })).post('{"count": 3}', {});
    expect(response.status).toBe(428);
    expect(await response.json()).toMatchObject({ code: 'precondition_required', field: 'if-match' });
  });

  it('enforces the role the endpoint declares before the handler runs', async () => {
    let ran = false;
    const response = await appAnswering(
      () => {
        ran = true;
        return {};
      },
      { role: 'viewer' },
    ).post('{"count": 3}');
    expect(response.status).toBe(403);
    expect(ran).toBe(false);
  });

  it('fails an answer that drifts from the reply schema when responses are checked, and sends it otherwise', async () => {
    const drifting = (count: number) => ({ id: 7, count });
    const checked = await appAnswering(drifting).post('{"count": 3}');
    expect(checked.status).toBe(500);
    const unchecked = await appAnswering(drifting, { checkResponses: false }).post('{"count": 3}');
    expect(unchecked.status).toBe(201);
  });
});
