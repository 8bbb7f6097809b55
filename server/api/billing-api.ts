/** Billing setups and scenarios (versioned YAML documents), what-if comparison, and billing runs. */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import { runLifecycle } from './invoices-api.ts';
import { delta, documentName, documentSummary, jobView, params, reportVariant, storedDocument } from './schemas.ts';

const documentText = z.object({ text: z.string().min(1).max(1_000_000) });
const expectedVersion = z.object({ 'if-match': z.coerce.number().int().min(0) });
const money = z.string();

const setupProblem = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  /** The dotted path of the field at fault, e.g. assignments.2.scope.client. */
  field: z.string(),
});
const reviewState = z.enum(['draft', 'in_review', 'approved', 'rejected']);
const setupReview = z.object({
  name: z.string(),
  version: z.number().int(),
  actor: z.string(),
  action: z.enum(['submit', 'approve', 'reject']),
  comment: z.string().nullable(),
  createdAt: z.string(),
});
/** A setup version with its review: state, review events, and who made the change under review. */
export const setupVersion = storedDocument.extend({ state: reviewState, reviews: z.array(setupReview), editors: z.array(z.string()) });
const reviewComment = z.string().max(4000);

export const listSetups = endpoint({
  method: 'get',
  path: '/api/setups',
  summary: 'Billing setups: their latest versions, its review state, and the version billing runs use (the latest approved)',
  access: 'viewer',
  tag: 'billing',
  reply: {
    json: z.object({ setups: z.array(documentSummary.extend({ state: reviewState, approvedVersion: z.number().int().nullable() })) }),
  },
});

export const showSetup = endpoint({
  method: 'get',
  path: '/api/setups/{name}',
  summary: 'The latest version of a billing setup, with its review state',
  access: 'viewer',
  tag: 'billing',
  reply: { json: setupVersion },
});

export const saveSetup = endpoint({
  method: 'put',
  path: '/api/setups/{name}',
  summary:
    'Save a new version of a billing setup (plans, modifiers, assignments); If-Match: the version edited (0 for a new one). Checked against the newest snapshot and the active release: errors refuse it (400, every error in `problems`), warnings come back',
  access: 'editor',
  tag: 'billing',
  headers: expectedVersion,
  body: documentText,
  reply: { json: setupVersion.extend({ warnings: z.array(setupProblem) }) },
});

export const checkSetup = endpoint({
  method: 'post',
  path: '/api/setups/{name}/check',
  summary:
    "Check a setup text without saving it: every error and warning with line, column and field, against a snapshot's clients (the newest when not named) and the active release",
  access: 'viewer',
  tag: 'billing',
  body: documentText.extend({ snapshot: z.string().max(200).optional() }),
  reply: { json: z.object({ snapshot: z.string().nullable(), problems: z.array(setupProblem) }) },
});

export const setupChoices = endpoint({
  method: 'get',
  path: '/api/setup-choices',
  summary: "What a setup may name: the snapshot's clients and billing codes, and the statistics of the active release",
  access: 'viewer',
  tag: 'billing',
  query: z.object({ snapshot: z.string().max(200) }),
  reply: {
    json: z.object({
      snapshot: z.string(),
      clients: z.array(z.object({ clientNumber: z.string(), name: z.string(), billingCode: z.string() })),
      billingCodes: z.array(z.string()),
      statistics: z.array(z.object({ id: z.string(), title: z.string(), unit: z.string() })),
    }),
  },
});

export const listSetupVersions = endpoint({
  method: 'get',
  path: '/api/setups/{name}/versions',
  summary: 'Every version of a billing setup with its review state, oldest first',
  access: 'viewer',
  tag: 'billing',
  reply: { json: z.object({ versions: z.array(setupVersion.omit({ text: true })) }) },
});

export const showSetupVersion = endpoint({
  method: 'get',
  path: '/api/setups/{name}/versions/{version}',
  summary: 'A version of a billing setup, with its review state',
  access: 'viewer',
  tag: 'billing',
  reply: { json: setupVersion },
});

export const submitSetup = endpoint({
  method: 'post',
  path: '/api/setups/{name}/versions/{version}/submit',
  summary: 'Submit a setup version for review (it must validate); every version needs approval before a billing run may use it',
  access: 'editor',
  tag: 'billing',
  reply: { json: setupVersion },
});

export const approveSetup = endpoint({
  method: 'post',
  path: '/api/setups/{name}/versions/{version}/approve',
  summary: 'Approve a setup version in review: by an approver who made none of the versions since the last approved one',
  access: 'approver',
  tag: 'billing',
  body: z.object({ comment: reviewComment.optional() }),
  reply: { json: setupVersion },
});

export const rejectSetup = endpoint({
  method: 'post',
  path: '/api/setups/{name}/versions/{version}/reject',
  summary: 'Reject a setup version in review, saying why',
  access: 'approver',
  tag: 'billing',
  body: z.object({ comment: reviewComment.min(1, 'say why the version is rejected') }),
  reply: { json: setupVersion },
});

export const listScenarios = endpoint({
  method: 'get',
  path: '/api/scenarios',
  summary: 'Scenarios and their latest versions',
  access: 'viewer',
  tag: 'what-if',
  reply: { json: z.object({ scenarios: z.array(documentSummary) }) },
});

export const showScenario = endpoint({
  method: 'get',
  path: '/api/scenarios/{name}',
  summary: 'The latest version of a scenario',
  access: 'viewer',
  tag: 'what-if',
  reply: { json: storedDocument },
});

export const saveScenario = endpoint({
  method: 'put',
  path: '/api/scenarios/{name}',
  summary: 'Save a new version of a scenario; If-Match: the version edited (0 for a new one)',
  access: 'editor',
  tag: 'what-if',
  headers: expectedVersion,
  body: documentText,
  reply: { json: storedDocument },
});

export const accountTotals = z.object({ account: z.string(), clients: z.string(), before: money, after: money, change: money });

export const compareScenario = endpoint({
  method: 'post',
  path: '/api/scenarios/compare',
  summary: 'Baseline setup against a scenario: totals, accounts up/down/same, largest changes (rate-only changes do not re-query)',
  access: 'viewer',
  tag: 'what-if',
  body: z.object({
    snapshot: z.string(),
    setup: documentName,
    scenario: documentName,
    /** The scenario's text as edited, compared in place of its stored version (the page saves it at the same time). */
    scenarioText: documentText.shape.text.optional(),
    top: z.number().int().min(1).max(5000).default(50),
    everyAccount: z.boolean().default(false),
    /** With everyAccount: the version of the rows the page shows; the answer then holds only the rows that changed since. */
    since: z.string().max(64).optional(),
  }),
  reply: {
    json: z.object({
      /** Keyed [account, line]; the lines that differ on the accounts listed, in their order, at most 5 × top. */
      lines: z.array(delta),
      /** Keyed [account]; only accounts whose total differs, at most top. */
      accounts: z.array(delta),
      totals: z.object({ before: money, after: money, change: money }),
      /** The currency of every amount: the baseline setup's. */
      currency: z.string(),
      counts: z.object({ up: z.number().int(), down: z.number().int(), same: z.number().int() }),
      requeried: z.boolean(),
      /** What the comparison did: statistics computed (or kept from an earlier one), accounts rated again. */
      work: z.object({ baselineQueried: z.boolean(), scenarioQueried: z.boolean(), accounts: z.number().int(), reRated: z.number().int() }),
      /** With everyAccount: the version of the rows, to send as `since` next time. */
      version: z.string().optional(),
      /** Every account's totals, when asked without `since` or with one the server no longer knows. */
      everyAccount: z.array(accountTotals).optional(),
      /** The rows new or different since `since`, and the accounts gone since, when `since` is known. */
      changedAccounts: z.object({ since: z.string(), rows: z.array(accountTotals), removed: z.array(z.string()) }).optional(),
    }),
  },
});

const runRecord = z.object({
  id: z.string(),
  createdAt: z.string(),
  inputs: z.object({
    period: z.object({ start: z.string(), end: z.string() }),
    stamps: z.object({ start: z.string(), end: z.string() }),
    snapshot: z.object({ id: z.string(), contentHash: z.string() }),
    setup: z.object({ file: z.string(), sha256: z.string() }),
    formulas: z.object({ count: z.number().int(), sha256: z.string() }),
    params,
    variant: reportVariant,
    sha256: z.string(),
  }),
  outputs: z.record(z.string(), z.string()),
  totals: z.object({ accounts: z.number().int(), amount: money, currency: z.string(), unassigned: z.array(z.string()) }),
  /** Draft, finalised or corrected, and by which runs (server/api/invoices-api.ts). */
  lifecycle: runLifecycle,
});

export const startRun = endpoint({
  method: 'post',
  path: '/api/runs',
  summary: 'Start a billing run on a snapshot with an approved version of a stored setup and the active formula release (a job)',
  access: 'approver',
  tag: 'billing',
  body: z.object({
    snapshot: z.string(),
    setup: documentName,
    /** The approved version to bill with; the latest approved one when not given. */
    setupVersion: z.number().int().min(1).optional(),
    variant: reportVariant.default('legacy'),
    params: params.default({}),
    /** An earlier period's run whose state (rolled-over units, prepaid blocks; its state.json) this run starts from. */
    carriedFrom: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a run id')
      .optional(),
  }),
  reply: { json: jobView, status: 202 },
});

export const listRuns = endpoint({
  method: 'get',
  path: '/api/runs',
  summary: 'Billing runs',
  access: 'viewer',
  tag: 'billing',
  reply: { json: z.object({ runs: z.array(runRecord) }) },
});

export const showRun = endpoint({
  method: 'get',
  path: '/api/runs/{id}',
  summary: 'A billing run record: inputs and outputs with their hashes, and the formulas it billed with by name',
  access: 'viewer',
  tag: 'billing',
  /** `formulaSource`: the name its formula package carries, `release shipped-0.1.0`, so a run names the release it used. */
  reply: { json: runRecord.extend({ formulaSource: z.string() }) },
});

export const runFile = endpoint({
  method: 'get',
  path: '/api/runs/{id}/files/{name}',
  summary: 'A file of a run: invoices.json, lines.csv, be200.csv',
  access: 'viewer',
  tag: 'billing',
  reply: { file: 'the file: JSON or CSV' },
});
