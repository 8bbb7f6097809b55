/** Users and the audit log over the API (admin only). */
import { api, query, request } from '../api/client.ts';
import type { UserAccount } from '../../../server/store/users.ts';
import type { Role, User } from '../api/types.ts';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'approver', 'admin'];

export type { UserAccount } from '../../../server/store/users.ts';

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: unknown;
  readonly reason: string | null;
}

export const listUsers = async () => (await api.get<{ users: UserAccount[] }>('/api/users')).users;

export const addUser = (user: { name: string; password: string; role: Role }) => api.post<User>('/api/users', user);

export const changeUser = (name: string, change: { role?: Role; disabled?: boolean }) =>
  request<UserAccount>('PATCH', `/api/users/${encodeURIComponent(name)}`, { body: change });

/** A page of the audit log, newest first, older than entry `before` when given. */
export const listAudit = async (limit: number, before?: number) => (await api.get<{ entries: AuditEntry[] }>(`/api/audit${query({ limit, before })}`)).entries;
