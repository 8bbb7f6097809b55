/** The results grid, the rows behind a cell, and formula packages (export; import as drafts). */
import { z } from 'zod';
import { packageSchema } from '../../engine/formulas/package-format.ts';
import { endpoint } from './endpoint.ts';
import { unit, variant } from './schemas.ts';

export const gridColumn = z.object({
  id: z.string(),
  title: z.string(),
  unit,
  family: z.string(),
  variant,
  /** For a legacy formula that no longer reproduces the report: why. */
  changedFromLegacy: z.string().nullable(),
});
export const gridRow = z.object({
  cltID: z.number().int(),
  clientNumber: z.string(),
  name: z.string(),
  billingCode: z.string(),
  /** Exact values by formula id, as decimal strings. */
  values: z.record(z.string(), z.string()),
});

export const grid = endpoint({
  method: 'get',
  path: '/api/grid',
  summary: 'The results grid: clients (paged, searchable) x statistics, from the active release or with a draft in place',
  access: 'viewer',
  tag: 'grid',
  query: z.object({
    snapshot: z.string(),
    /** Formula ids, comma-separated; default: the Billing Export 200 statistics. */
    columns: z.string().optional(),
    draft: z.coerce.number().int().optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(5000).default(200),
    search: z.string().max(200).optional(),
  }),
  reply: {
    json: z.object({
      snapshot: z.string(),
      release: z.string(),
      draft: z.number().int().nullable(),
      columns: z.array(gridColumn),
      total: z.number().int(),
      offset: z.number().int(),
      rows: z.array(gridRow),
      computed: z.number().int(),
      cached: z.number().int(),
    }),
  },
});

export const sourceRows = endpoint({
  method: 'get',
  path: '/api/cells/source-rows',
  summary: 'The snapshot rows behind one cell of the grid (first rows and a count)',
  access: 'viewer',
  tag: 'grid',
  query: z.object({ snapshot: z.string(), formula: z.string(), client: z.coerce.number().int(), limit: z.coerce.number().int().min(1).max(500).default(20) }),
  reply: {
    json: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('source-rows'),
        query: z.object({ formulaId: z.string(), table: z.string(), sql: z.string(), total: z.enum(['sum', 'count']).optional() }),
        cltID: z.number().int(),
        rows: z.array(z.record(z.string(), z.unknown())),
        count: z.number().int(),
        total: z.string().optional(),
      }),
      z.object({ kind: z.literal('no-row-query'), formulaId: z.string(), reason: z.string() }),
    ]),
  },
});

export const exportPackage = endpoint({
  method: 'get',
  path: '/api/library/export',
  summary: 'A package of formulas of the active release (all, or ?ids=A,B)',
  access: 'viewer',
  tag: 'library',
  query: z.object({ ids: z.string().optional() }),
  reply: { json: packageSchema },
});

const importItem = z.object({ id: z.string(), path: z.string(), status: z.enum(['new', 'unchanged', 'changed']), differences: z.array(z.string()) });

export const importPackage = endpoint({
  method: 'post',
  path: '/api/library/import',
  summary: 'Compare a package with the active release; with apply, new and changed formulas become drafts for review',
  access: 'editor',
  tag: 'library',
  body: z.object({ package: z.string().min(2), apply: z.boolean().default(false) }),
  reply: { json: z.object({ items: z.array(importItem), drafts: z.array(z.object({ formulaId: z.string(), draftId: z.number().int() })).optional() }) },
});
