/** Snapshots (list, show, create a demo or extract from a live IS database as a job, delete) and jobs. */
import { z } from 'zod';
import { manifestSchema } from '../../snapshots/store/manifest-schema.ts';
import { endpoint } from './endpoint.ts';
import { jobView } from './schemas.ts';

const clientNumber = z.string().regex(/^\d{1,12}$/, 'a client number: digits only');

export const listSnapshots = endpoint({
  method: 'get',
  path: '/api/snapshots',
  summary: 'List snapshots',
  access: 'viewer',
  tag: 'snapshots',
  reply: { json: z.object({ snapshots: z.array(manifestSchema) }) },
});

export const showSnapshot = endpoint({
  method: 'get',
  path: '/api/snapshots/{id}',
  summary: 'A snapshot manifest',
  access: 'viewer',
  tag: 'snapshots',
  reply: { json: manifestSchema },
});

export const createDemoSnapshot = endpoint({
  method: 'post',
  path: '/api/snapshots/demo',
  summary: 'Create a demo snapshot (a job: follow it at /api/jobs/{id}/events)',
  access: 'editor',
  tag: 'snapshots',
  body: z.object({
    scale: z.enum(['tiny', 'small', 'large']).default('small'),
    period: z.string().min(7),
    seed: z.number().int().min(0).max(999_999_999).default(1),
  }),
  reply: { json: jobView, status: 202 },
});

export const extractSnapshot = endpoint({
  method: 'post',
  path: '/api/snapshots/extract',
  summary: 'Snapshot a period of a live IS database, reading only (a job)',
  access: 'admin',
  tag: 'snapshots',
  body: z.object({
    /** mssql://user@host:1433/database or postgres://user@host:5432/database. */
    source: z.string().min(8),
    /** The source's password; else the server's BILLING_SOURCE_PASSWORD. Never stored or shown. */
    password: z.string().optional(),
    period: z.string().min(7),
    clients: z.object({ from: clientNumber, to: clientNumber }).optional(),
    /** Keep a snapshot of a period without any call or message (refused with empty_period otherwise). */
    allowEmpty: z.boolean().default(false),
  }),
  reply: { json: jobView, status: 202 },
});

export const deleteSnapshot = endpoint({
  method: 'delete',
  path: '/api/snapshots/{id}',
  summary: 'Delete a snapshot',
  access: 'admin',
  tag: 'snapshots',
  reply: { json: z.object({ deleted: z.string() }) },
});

export const showJob = endpoint({
  method: 'get',
  path: '/api/jobs/{id}',
  summary: 'A job: status, progress, result or error',
  access: 'viewer',
  tag: 'jobs',
  reply: { json: jobView },
});

export const cancelJob = endpoint({
  method: 'post',
  path: '/api/jobs/{id}/cancel',
  summary: 'Cancel a running job',
  access: 'editor',
  tag: 'jobs',
  reply: { json: z.object({ cancelled: z.boolean(), job: jobView }) },
});

export const jobEvents = endpoint({
  method: 'get',
  path: '/api/jobs/{id}/events',
  summary: 'Live progress of a job as server-sent events, until it ends',
  access: 'viewer',
  tag: 'jobs',
  reply: { events: 'event "job": the job view (as GET /api/jobs/{id}) at each change, until it ends' },
});
