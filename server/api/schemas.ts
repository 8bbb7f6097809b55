/**
 * The shapes the API sends and receives that more than one endpoint uses: users, jobs, formulas,
 * drafts, documents, deltas. Each is the one description of its JSON; the server's responses are
 * checked against it in tests and the web reads its types from it.
 */
import { z } from 'zod';
import { roleSchema } from './endpoint.ts';

export const paramValue = z.union([z.string(), z.number(), z.boolean()]);
export const params = z.record(z.string(), paramValue);
export const unit = z.enum(['count', 'seconds', 'milliseconds', 'ticks']);
export const variant = z.enum(['legacy', 'consensus', 'custom']);
export const reportVariant = z.enum(['legacy', 'consensus']);

export const problem = z.object({
  code: z.string(),
  detail: z.string(),
  field: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const user = z.object({ id: z.number().int(), name: z.string(), role: roleSchema });
export const userAccount = user.extend({ createdAt: z.string(), disabled: z.boolean() });

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  owner: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({ step: z.string(), done: z.number(), total: z.number() }),
  /** What the job made, e.g. { snapshot } or { run, total, currency }. */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** One side of a comparison: a value, absent on that side, or unknown (with why). */
export const side = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('value'), value: z.string() }),
  z.object({ kind: z.literal('absent') }),
  z.object({ kind: z.literal('unknown'), reason: z.string() }),
]);
export const delta = z.object({ key: z.array(z.string()), before: side, after: side, change: z.string().optional() });

export const paramDef = z.object({
  name: z.string(),
  type: z.enum(['timestamp', 'integer', 'decimal', 'text', 'boolean']),
  default: paramValue,
  description: z.string(),
});

export const formula = z.object({
  kind: z.literal('formula'),
  id: z.string(),
  title: z.string(),
  description: z.string(),
  unit,
  family: z.string(),
  variant,
  legacy: z.object({ column: z.string(), position: z.number().int() }).optional(),
  statistic: z.string(),
  quirks: z.object({ reproduces: z.array(z.string()), fixes: z.array(z.string()) }),
  params: z.array(paramDef),
  sql: z.string(),
  tests: z.array(z.object({ name: z.string(), params, expect: z.record(z.string(), z.union([z.string(), z.number()])) })),
});

export const formulaVersion = z.object({
  versionId: z.string(),
  formulaId: z.string(),
  number: z.number().int(),
  author: z.string(),
  /** Everyone who wrote the version's text (its author among them). */
  editors: z.array(z.string()),
  createdAt: z.string(),
});

export const draftStatus = z.enum(['editing', 'in_review', 'approved', 'withdrawn']);
export const draft = z.object({
  draftId: z.number().int(),
  formulaId: z.string(),
  baseVersion: z.string().nullable(),
  text: z.string(),
  revision: z.number().int(),
  author: z.string(),
  status: draftStatus,
  approvedVersion: z.string().nullable(),
});
export const draftSummary = draft.pick({ draftId: true, formulaId: true, status: true, author: true, revision: true });
export const reviewComment = z.object({
  reviewer: z.string(),
  verdict: z.enum(['approve', 'comment']),
  comment: z.string().nullable(),
  revision: z.number().int(),
  createdAt: z.string(),
});
export const draftWithReviews = draft.extend({ reviews: z.array(reviewComment) });

export const checkError = z.object({
  code: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  field: z.string().optional(),
});
export const testOutcome = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** [cltID, expected, actual] */
  mismatches: z.array(z.tuple([z.number(), z.string(), z.string()])),
  error: z.string().optional(),
});

export const documentKind = z.enum(['setup', 'scenario']);
export const storedDocument = z.object({
  kind: documentKind,
  name: z.string(),
  version: z.number().int(),
  text: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
export const documentSummary = z.object({ name: z.string(), version: z.number().int() });

/** A document's name in a path or a request: letters, digits and . _ - (it names a file on export). */
export const documentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/, 'letters, digits, . _ -; up to 81 characters');
