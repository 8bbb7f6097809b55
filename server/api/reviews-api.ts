/** Reviews a person can find: what waits for them, and what a formula draft does to the money. */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';

const money = z.string();

export const reviewInbox = endpoint({
  method: 'get',
  path: '/api/reviews/waiting',
  summary:
    'What waits for my review (approvers): formula drafts submitted by others that I have not approved, setup versions in review I did not write, formula retirements others proposed',
  access: 'viewer',
  tag: 'review',
  reply: {
    json: z.object({
      drafts: z.array(z.object({ draftId: z.number().int(), formulaId: z.string(), author: z.string(), revision: z.number().int(), since: z.string() })),
      setups: z.array(z.object({ name: z.string(), version: z.number().int(), author: z.string(), since: z.string() })),
      /** Others' proposals to retire a formula: confirming one (POST /api/formulas/{id}/retire) makes the release without it. */
      retirements: z.array(z.object({ formula: z.string(), proposedBy: z.string(), release: z.string(), reason: z.string(), since: z.string() })),
      count: z.number().int(),
    }),
  },
});

export const draftMoney = endpoint({
  method: 'get',
  path: '/api/drafts/{id}/money',
  summary: "What a formula draft does to invoices: a billing setup rated on a snapshot with the release's formula and with the draft's, per account",
  access: 'viewer',
  tag: 'review',
  query: z.object({
    snapshot: z.string().min(1),
    setup: z.string().min(1).optional(),
    top: z.coerce.number().int().min(1).max(1000).default(20),
  }),
  reply: {
    json: z.object({
      draft: z.number().int(),
      formula: z.string(),
      snapshot: z.string(),
      /** Null when the workspace has no billing setup yet. */
      setup: z.object({ name: z.string(), version: z.number().int() }).nullable(),
      statistics: z.array(z.string()),
      currency: z.string(),
      totals: z.object({ before: money, after: money, change: money }),
      counts: z.object({ up: z.number().int(), down: z.number().int(), same: z.number().int() }),
      accounts: z.array(z.object({ account: z.string(), before: money, after: money, change: money })),
    }),
  },
});
