/** Formulas of the active release, the checks an editor runs while writing, drafts, reviews and releases. */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import {
  checkError,
  delta,
  draft,
  draftStatus,
  draftSummary,
  draftWithReviews,
  formula,
  formulaVersion,
  params,
  testOutcome,
  unit,
  variant,
} from './schemas.ts';

const formulaText = z.object({ text: z.string().min(1).max(200_000) });
const formulaId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a formula id: a letter, then letters, digits or _');
const revision = z.object({ 'if-match': z.coerce.number().int().min(0) });

export const listFormulas = endpoint({
  method: 'get',
  path: '/api/formulas',
  summary: 'The formulas of the active release',
  access: 'viewer',
  tag: 'formulas',
  reply: {
    json: z.object({
      release: z.object({ id: z.number().int(), name: z.string(), contentHash: z.string() }),
      formulas: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          family: z.string(),
          variant,
          statistic: z.string(),
          unit,
          legacy: z.object({ column: z.string(), position: z.number().int() }).nullable(),
          version: z.string(),
          /** For a legacy formula that no longer reproduces the report: why (its SQL differs from the shipped one…). */
          changedFromLegacy: z.string().nullable(),
        }),
      ),
    }),
  },
});

export const showFormula = endpoint({
  method: 'get',
  path: '/api/formulas/{id}',
  summary: 'A formula: its metadata, SQL, tests and file text in the active release',
  access: 'viewer',
  tag: 'formulas',
  reply: { json: z.object({ formula, version: z.string(), text: z.string(), changedFromLegacy: z.string().nullable() }) },
});

export const formulaVersions = endpoint({
  method: 'get',
  path: '/api/formulas/{id}/versions',
  summary: 'Every version of a formula, oldest first',
  access: 'viewer',
  tag: 'formulas',
  reply: { json: z.object({ versions: z.array(formulaVersion) }) },
});

export const formulaDiff = endpoint({
  method: 'get',
  path: '/api/formulas/{id}/diff',
  summary: 'Unified diff between two versions of a formula',
  access: 'viewer',
  tag: 'formulas',
  query: z.object({ from: z.string(), to: z.string() }),
  reply: { json: z.object({ diff: z.string() }) },
});

export const validateFormula = endpoint({
  method: 'post',
  path: '/api/formulas/validate',
  summary: 'Validate a formula text against the active library (errors with line and column)',
  access: 'viewer',
  tag: 'formulas',
  body: formulaText,
  reply: { json: z.object({ valid: z.boolean(), errors: z.array(checkError) }) },
});

export const testFormula = endpoint({
  method: 'post',
  path: '/api/formulas/test',
  summary: 'Validate a formula text and run its fixture tests',
  access: 'viewer',
  tag: 'formulas',
  body: formulaText,
  reply: { json: z.object({ valid: z.boolean(), errors: z.array(checkError), tests: z.array(testOutcome) }) },
});

export const runFormula = endpoint({
  method: 'post',
  path: '/api/formulas/run',
  summary: 'Run a formula (by id, or a text) on a snapshot: value per client',
  access: 'viewer',
  tag: 'formulas',
  body: z.object({ text: z.string().max(200_000).optional(), id: z.string().optional(), snapshot: z.string(), params: params.default({}) }),
  reply: {
    json: z.object({
      formula: z.string(),
      snapshot: z.string(),
      values: z.record(z.string(), z.union([z.string(), z.number()])),
      /** For a legacy formula that no longer reproduces the report: why. */
      changedFromLegacy: z.string().nullable(),
    }),
  },
});

export const retireFormula = endpoint({
  method: 'post',
  path: '/api/formulas/{id}/retire',
  summary: 'Retire a formula, through review: one approver proposes it, another confirms it with a new release without it; refused while in use',
  access: 'approver',
  tag: 'formulas',
  body: z.object({ release: z.string().min(1), reason: z.string().min(1) }),
  reply: {
    json: z.object({
      status: z.enum(['proposed', 'retired']),
      formula: z.string(),
      proposedBy: z.string(),
      /** The release without the formula, once confirmed. */
      release: z.object({ id: z.number().int(), name: z.string(), formulas: z.number().int() }).nullable(),
    }),
  },
});

export const listDrafts = endpoint({
  method: 'get',
  path: '/api/drafts',
  summary: 'Drafts, newest first, optionally by status',
  access: 'viewer',
  tag: 'review',
  query: z.object({ status: draftStatus.optional() }),
  reply: { json: z.object({ drafts: z.array(draftSummary) }) },
});

export const createDraft = endpoint({
  method: 'post',
  path: '/api/drafts',
  summary: 'Start a draft of a formula (new or a change to an existing one)',
  access: 'editor',
  tag: 'review',
  body: z.object({ formulaId, text: z.string().min(1).max(200_000) }),
  reply: { json: draft },
});

export const showDraft = endpoint({
  method: 'get',
  path: '/api/drafts/{id}',
  summary: 'A draft with its reviews',
  access: 'viewer',
  tag: 'review',
  reply: { json: draftWithReviews },
});

export const editDraft = endpoint({
  method: 'put',
  path: '/api/drafts/{id}',
  summary: 'Change a draft; send If-Match: <revision> (409 when someone changed it meanwhile)',
  access: 'editor',
  tag: 'review',
  headers: revision,
  body: formulaText,
  reply: { json: draft },
});

export const submitDraft = endpoint({
  method: 'post',
  path: '/api/drafts/{id}/submit',
  summary: 'Submit a draft for review; its tests must pass',
  access: 'editor',
  tag: 'review',
  reply: { json: draft },
});

export const draftReview = endpoint({
  method: 'get',
  path: '/api/drafts/{id}/review',
  summary: 'What the change does: the SQL diff, and on a snapshot which clients move and by how much',
  access: 'viewer',
  tag: 'review',
  query: z.object({ snapshot: z.string().optional() }),
  reply: { json: z.object({ draft: z.number().int(), revision: z.number().int(), sqlDiff: z.string(), results: z.array(delta).nullable() }) },
});

export const reviewDraft = endpoint({
  method: 'post',
  path: '/api/drafts/{id}/reviews',
  summary: 'Comment on or approve a draft in review; approval (approver role) by someone other than the author',
  access: 'viewer',
  tag: 'review',
  body: z.object({ verdict: z.enum(['approve', 'comment']), comment: z.string().max(5000).optional() }),
  reply: { json: draftWithReviews },
});

export const withdrawDraft = endpoint({
  method: 'post',
  path: '/api/drafts/{id}/withdraw',
  summary: 'Withdraw a draft',
  access: 'editor',
  tag: 'review',
  reply: { json: draft },
});

export const listReleases = endpoint({
  method: 'get',
  path: '/api/releases',
  summary: 'Formula releases, oldest first (the newest bills)',
  access: 'viewer',
  tag: 'review',
  reply: {
    json: z.object({
      releases: z.array(z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), createdBy: z.string(), formulas: z.number().int() })),
    }),
  },
});

export const promoteDrafts = endpoint({
  method: 'post',
  path: '/api/releases',
  summary: 'Promote approved drafts into a new release',
  access: 'approver',
  tag: 'review',
  body: z.object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,80}$/, 'letters, digits, space, . _ -; up to 81 characters'),
    drafts: z.array(z.number().int()).min(1),
    reason: z.string().max(2000).optional(),
  }),
  reply: { json: z.object({ id: z.number().int(), name: z.string(), formulas: z.number().int(), changed: z.array(z.number().int()) }) },
});

export const snapshotSchema = endpoint({
  method: 'get',
  path: '/api/schema',
  summary: 'The IS snapshot tables and columns (with descriptions) and the standard parameters, for editor autocomplete',
  access: 'viewer',
  tag: 'formulas',
  reply: {
    json: z.object({
      tables: z.array(
        z.object({ name: z.string(), description: z.string(), columns: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })) }),
      ),
      params: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
    }),
  },
});

export const listQuirks = endpoint({
  method: 'get',
  path: '/api/quirks',
  summary: 'The quirks of the legacy report (D1 ... D30) that formulas cite: title, legacy behaviour, consensus, evidence',
  access: 'viewer',
  tag: 'formulas',
  reply: {
    json: z.object({
      quirks: z.array(
        z.object({
          kind: z.literal('quirk'),
          code: z.string(),
          title: z.string(),
          legacy: z.string(),
          consensus: z.string(),
          evidence: z.object({ lines: z.array(z.string()), columns: z.array(z.string()), note: z.string().optional() }),
        }),
      ),
    }),
  },
});
