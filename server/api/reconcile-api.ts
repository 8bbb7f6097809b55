/**
 * Reconciliation with a legacy Billing Export 200 file: upload and compare, list the kept ones,
 * read one, accept a variance or a column, map a column, compare the same file again, report.
 */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import { delta, reportVariant } from './schemas.ts';

/** The name of an uploaded file, kept beside it: a name, not a folder (`.`, `..`) or a path. */
const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => name !== '.' && name !== '..' && !/[/\\\0]/.test(name), 'a file name, without folders: no / or \\, and not . or ..');

const explanation = z.object({
  kind: z.literal('explanation'),
  category: z.enum(['formula_changed', 'data_changed', 'known_quirk', 'unexplained']),
  quirks: z.array(z.string()),
  text: z.string(),
  evidence: z.array(z.string()).optional(),
});
const releaseRef = z.object({ name: z.string(), contentHash: z.string() });
export const acceptance = z.object({
  kind: z.literal('acceptance'),
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  clientNumber: z.string(),
  statistic: z.string(),
  legacyValue: z.string(),
  ourValue: z.string(),
  release: releaseRef.optional(),
  reconciliation: z.string().optional(),
});
export const columnAcceptance = z.object({
  kind: z.literal('column-acceptance'),
  finding: z.enum(['missing', 'unknown']),
  column: z.string(),
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  reconciliation: z.string().optional(),
});
export const variance = z.object({
  kind: z.literal('variance'),
  clientNumber: z.string(),
  statistic: z.string(),
  row: z.number().int(),
  status: z.enum(['within', 'mismatch']),
  delta,
  explanation: explanation.optional(),
  acceptance: acceptance.optional(),
  carriedOver: z.boolean().optional(),
});
const tally = z.object({
  within: z.number().int(),
  mismatch: z.number().int(),
  accepted: z.number().int(),
  mismatchTotal: z.string(),
  largestMismatch: z.string(),
});

export const reconciliationSummary = z.object({
  clients: z.object({ compared: z.number().int(), onlyInLegacy: z.number().int(), onlyInOurs: z.number().int(), duplicated: z.number().int() }),
  statistics: z.object({ compared: z.number().int(), unknownColumns: z.number().int(), missing: z.number().int() }),
  cells: z.object({ compared: z.number().int(), equal: z.number().int(), within: z.number().int(), mismatch: z.number().int(), accepted: z.number().int() }),
  mismatchesBy: z.object({
    formula_changed: z.number().int(),
    data_changed: z.number().int(),
    known_quirk: z.number().int(),
    unexplained: z.number().int(),
  }),
  openMismatches: z.number().int(),
  open: z.object({
    mismatches: z.number().int(),
    clientsOnOneSide: z.number().int(),
    conflictingDuplicates: z.number().int(),
    columns: z.number().int(),
    total: z.number().int(),
  }),
  carriedOver: z.number().int(),
  byStatistic: z.array(tally.extend({ statistic: z.string() })),
  byClient: z.array(tally.extend({ clientNumber: z.string() })),
  topMismatches: z.array(variance),
  accepted: z.array(variance),
});

export const reconciliation = z.object({
  kind: z.literal('reconciliation'),
  legacy: z.object({ file: z.string(), format: z.enum(['csv', 'xlsx']), exportedAt: z.string().optional(), rows: z.number().int() }),
  variant: reportVariant,
  statistics: z.array(z.string()),
  clientsCompared: z.number().int(),
  variances: z.array(variance),
  onlyInLegacy: z.array(z.object({ clientNumber: z.string(), row: z.number().int(), clientName: z.string().optional(), nonZero: z.number().int() })),
  onlyInOurs: z.array(z.object({ clientNumber: z.string(), cltID: z.number().int(), clientName: z.string(), nonZero: z.number().int() })),
  duplicates: z.array(z.object({ clientNumber: z.string(), rows: z.array(z.number().int()), identical: z.boolean() })),
  unknownColumns: z.array(z.object({ header: z.string(), column: z.string() })),
  missingStatistics: z.array(z.string()),
  displayDifferences: z.array(z.object({ row: z.number().int(), column: z.string(), statistic: z.string(), stored: z.string(), displayed: z.string() })),
  staleAcceptances: z.array(z.object({ acceptance, why: z.string() })),
  mappedColumns: z.array(z.object({ header: z.string(), statistic: z.string() })).optional(),
  acceptedColumns: z.array(columnAcceptance).optional(),
  clientNames: z.record(z.string(), z.string()).optional(),
});

/** What a kept reconciliation compared: the snapshot, the legacy file, the release, the tolerances. */
export const reconciliationRecord = z.object({
  id: z.string(),
  period: z.string(),
  snapshot: z.object({ id: z.string(), contentHash: z.string() }),
  file: z.object({ name: z.string(), contentHash: z.string(), uploadedBy: z.string(), uploadedAt: z.string() }),
  release: releaseRef,
  variant: reportVariant,
  tolerances: z.array(z.string()),
  exportedAt: z.string().optional(),
  layout: z.string(),
});

export const reconciliationListItem = z.object({
  record: reconciliationRecord,
  status: z.enum(['open', 'accepted', 'explained', 'reconciled']),
  counts: z.object({
    open: z.number().int(),
    unexplained: z.number().int(),
    explained: z.number().int(),
    accepted: z.number().int(),
    carriedOver: z.number().int(),
    columns: z.number().int(),
  }),
});

const reconciliationId = z.object({ id: z.string(), summary: reconciliationSummary });
const toleranceSpecs = z.array(z.string().max(500)).max(1000);

export const createReconciliation = endpoint({
  method: 'post',
  path: '/api/reconciliations',
  summary: 'Upload a legacy export (CSV or XLSX, base64) and reconcile it with a snapshot',
  access: 'editor',
  tag: 'reconciliation',
  body: z.object({
    snapshot: z.string(),
    fileName: fileName,
    /** The file's bytes, base64. */
    content: z.string().min(1),
    variant: reportVariant.default('legacy'),
    tolerances: toleranceSpecs.default([]),
    /** When the file was made, if it does not say (CSV): rows stamped after it are the evidence of data changed since. */
    exportedAt: z
      .string()
      .max(40)
      .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, 'a date and time, e.g. 2026-11-02T08:00 or 2026-11-02T08:00:00Z')
      .optional(),
  }),
  reply: { json: reconciliationId },
});

export const listReconciliations = endpoint({
  method: 'get',
  path: '/api/reconciliations',
  summary: 'Kept reconciliations, newest first, of one period (start..end) or all, each with its status as it stands now',
  access: 'viewer',
  tag: 'reconciliation',
  query: z.object({ period: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  reply: { json: z.object({ reconciliations: z.array(reconciliationListItem) }) },
});

export const reconcileAgain = endpoint({
  method: 'post',
  path: '/api/reconciliations/{id}/again',
  summary: "Compare a kept reconciliation's file again: other tolerances, another snapshot of the period, or after a column was mapped",
  access: 'editor',
  tag: 'reconciliation',
  body: z.object({ tolerances: toleranceSpecs.optional(), snapshot: z.string().optional() }),
  reply: { json: reconciliationId },
});

export const showReconciliation = endpoint({
  method: 'get',
  path: '/api/reconciliations/{id}',
  summary: 'A reconciliation with its variances, explanations and acceptances',
  access: 'viewer',
  tag: 'reconciliation',
  reply: { json: z.object({ id: z.string(), snapshot: z.string(), record: reconciliationRecord, summary: reconciliationSummary, reconciliation }) },
});

export const acceptVariance = endpoint({
  method: 'post',
  path: '/api/reconciliations/{id}/acceptances',
  summary: 'Accept a variance with a reason, for its values under its release; it carries over to later reconciliations of the period where those hold',
  access: 'approver',
  tag: 'reconciliation',
  body: z.object({ clientNumber: z.string(), statistic: z.string(), reason: z.string().min(3).max(2000) }),
  reply: { json: acceptance },
});

export const acceptColumn = endpoint({
  method: 'post',
  path: '/api/reconciliations/{id}/column-acceptances',
  summary: 'Accept a column the file lacks (missing) or does not name as a statistic (unknown), with a reason',
  access: 'approver',
  tag: 'reconciliation',
  body: z.object({ finding: z.enum(['missing', 'unknown']), column: z.string().min(1).max(200), reason: z.string().min(3).max(2000) }),
  reply: { json: columnAcceptance },
});

export const mapColumn = endpoint({
  method: 'post',
  path: '/api/reconciliations/{id}/column-mappings',
  summary: "Save what an unknown column of the file's layout holds; later files of the same layout (and a comparison again) read it so",
  access: 'editor',
  tag: 'reconciliation',
  body: z.object({ header: z.string().min(1).max(200), statistic: z.string().min(1).max(100) }),
  reply: { json: z.object({ layout: z.string(), header: z.string(), statistic: z.string() }) },
});

export const reconciliationReport = endpoint({
  method: 'get',
  path: '/api/reconciliations/{id}/report',
  summary: 'The reconciliation as CSV (default) or XLSX (?format=xlsx)',
  access: 'viewer',
  tag: 'reconciliation',
  query: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
  reply: { file: 'the report: CSV or XLSX' },
});
