/** Users and the audit log over the API (admin only). */
import { call, endpoints } from '../api/client.ts';
import type { Role } from '../api/types.ts';

export const listUsers = async () => (await call(endpoints.listUsers)).users;

export const addUser = (user: { name: string; password: string; role: Role }) => call(endpoints.createUser, { body: user });

export const changeUser = (name: string, change: { role?: Role; disabled?: boolean }) => call(endpoints.changeUser, { params: { name }, body: change });

/** A page of the audit log, newest first, older than entry `before` when given. */
export const listAudit = async (limit: number, before?: number) => (await call(endpoints.auditLog, { query: { limit, before } })).entries;
