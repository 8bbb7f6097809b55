/** Test support: a saved setup version submitted by its author and approved by a second person, as a billing run needs. */
import { expect } from 'vitest';
import { apiClient } from './test-server.ts';

type Client = ReturnType<typeof apiClient>;

export const SETUP_APPROVER = { name: 'setup-approver', password: 'a long approver password', role: 'approver' } as const;

/**
 * Submits setup `name` version `version` as `author` and has SETUP_APPROVER (created by `admin`
 * when missing) approve it.
 */
export async function approveSetup(baseUrl: string, admin: Client, author: Client, name: string, version: number): Promise<void> {
  const created = await admin.post('/api/users', SETUP_APPROVER);
  expect([200, 409]).toContain(created.status);
  const approver = apiClient(baseUrl);
  expect((await approver.login(SETUP_APPROVER.name, SETUP_APPROVER.password)).status).toBe(200);
  const submitted = await author.post(`/api/setups/${name}/versions/${version}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await approver.post(`/api/setups/${name}/versions/${version}/approve`, { comment: 'checked for the test' });
  expect(approved.body.state, JSON.stringify(approved.body)).toBe('approved');
}
