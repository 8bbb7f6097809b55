/** Reconciliation with a legacy Billing Export 200 file: upload and compare, read, accept a variance, report. */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import { delta, reportVariant } from './schemas.ts';

const explanation = z.object({
  kind: z.literal('explanation'),
  category: z.enum(['known_quirk', 'data_changed', 'unexplained']),
/** The name of an uploaded file, kept beside it: a name, not a folder (`.`, `..`) or a path. */
const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => name !== '.' && name !== '..' && !/[/\\\0]/.test(name), 'a file name, without folders: no / or \\, and not . or ..');

  quirks: z.array(z.string()),
  text: z.string(),
});
export const acceptance = z.object({
  kind: z.literal('acceptance'),
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  clientNumber: z.string(),
  statistic: z.string(),
  legacyValue: z.string(),
  ourValue: z.string(),
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
  mismatchesBy: z.object({ known_quirk: z.number().int(), data_changed: z.number().int(), unexplained: z.number().int() }),
  openMismatches: z.number().int(),
  open: z.object({ mismatches: z.number().int(), clientsOnOneSide: z.number().int(), conflictingDuplicates: z.number().int(), total: z.number().int() }),
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
});

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
    tolerances: z.array(z.string().max(500)).max(1000).default([]),
    exportedAt: z.string().optional(),
  }),
  reply: { json: z.object({ id: z.string(), summary: reconciliationSummary }) },
});

export const showReconciliation = endpoint({
  method: 'get',
  path: '/api/reconciliations/{id}',
  summary: 'A reconciliation with its variances, explanations and acceptances',
  access: 'viewer',
  tag: 'reconciliation',
  reply: { json: z.object({ id: z.string(), snapshot: z.string(), summary: reconciliationSummary, reconciliation }) },
});

export const acceptVariance = endpoint({
  method: 'post',
  path: '/api/reconciliations/{id}/acceptances',
  summary: 'Accept a variance with a reason (recorded in the audit log)',
  access: 'approver',
  tag: 'reconciliation',
  body: z.object({ clientNumber: z.string(), statistic: z.string(), reason: z.string().min(3).max(2000) }),
  reply: { json: acceptance },
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
