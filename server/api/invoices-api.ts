/**
 * A billing run's invoices and their life: the invoices of a run and each one's lines with the
 * chain that made them, invoice and credit note documents (PDF, all as one ZIP), the accounting
 * export (QuickBooks Online, Xero), the run lifecycle (draft -> finalised -> corrected; a draft
 * discarded) and the company profile the documents carry.
 */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import { documentName, jobView } from './schemas.ts';

const money = z.string();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where a run stands: a draft may be discarded or finalised; a finalised run is locked and may only be corrected by another run. */
export const runStatus = z.enum(['draft', 'finalised', 'corrected']);

export const runLifecycle = z.object({
  run: z.string(),
  status: runStatus,
  finalisedAt: z.string().nullable(),
  finalisedBy: z.string().nullable(),
  /** The date the run's documents carry (its finalisation day, UTC); null while a draft. */
  invoiceDate: isoDate.nullable(),
  /** The run this one corrects (a correction run), if any. */
  corrects: z.string().nullable(),
  /** The finalised correction run that superseded this one, if any. */
  correctedBy: z.string().nullable(),
  /** Every correction run of this one, drafts included, oldest first. */
  corrections: z.array(z.string()),
});

const client = z.object({ clientNumber: z.string(), name: z.string() });

/**
 * One step of how a line's amount was made (engine/rating/model.ts `Step`), in order, with its
 * fields as rating wrote them (values are exact decimal strings): statistic (per client) ->
 * modifier -> quantity -> included / tier / volume / package / unitPrice -> lineMinimum /
 * lineMaximum -> multiplier -> prorate -> round, and the invoice-level kinds rating adds.
 */
export const lineStep = z.looseObject({ kind: z.string() });

export const invoiceLine = z.object({
  lineId: z.string(),
  label: z.string(),
  /** usage, fee, minimum, and the invoice-level kinds of rating (adjustment, discount, surcharge, tax). */
  kind: z.string(),
  statistic: z.string().nullable(),
  /** For a usage line: the formula that computes its statistic (link to #library/formula/ID). */
  formula: z.string().nullable(),
  quantity: z.string(),
  unitPrice: money.nullable(),
  /** Negative on a credit note. */
  amount: money,
  steps: z.array(lineStep),
});

/** The same account in the latest earlier run of the same period (same start and end), and how its total moved. */
export const previousInvoice = z.object({ run: z.string(), total: money, change: money }).nullable();

export const documentKind = z.enum(['invoice', 'creditNote']);

export const invoiceSummary = z.object({
  kind: documentKind,
  account: z.string(),
  billingCode: z.string(),
  clients: z.array(client),
  plan: z.string(),
  currency: z.string(),
  /** The document's total (on a correction run: only the lines that changed; negative on a credit note). */
  total: money,
  /** The account's whole rated total in this run (the invoice total, except on a correction run). */
  accountTotal: money,
  /** INV-000001 / CN-000001 once the run is finalised; null while a draft. */
  number: z.string().nullable(),
  /** A credit note: the invoice it credits. */
  credits: z.object({ run: z.string(), number: z.string().nullable() }).nullable(),
  previous: previousInvoice,
});

export const invoiceList = z.object({
  lifecycle: runLifecycle,
  period: z.object({ start: isoDate, end: isoDate }),
  currency: z.string(),
  invoiceDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  invoices: z.array(invoiceSummary),
  creditNotes: z.array(invoiceSummary),
  totals: z.object({ invoices: money, creditNotes: money }),
  /** Clients whose days were not billed (excluded, inactive in IS, cancelled), why, and their usage on those days. */
  notBilled: z.array(
    z.object({
      account: z.string(),
      clientNumber: z.string(),
      name: z.string(),
      reason: z.enum(['excluded', 'inactive', 'cancelled']),
      note: z.string().optional(),
      from: isoDate,
      until: isoDate,
      usage: z.record(z.string(), z.string()),
    }),
  ),
});

export const invoiceDocument = invoiceSummary.extend({
  run: z.string(),
  /** The snapshot the run rated: with a usage line's formula and a client, the source rows behind it (`GET /api/cells/source-rows`). */
  snapshot: z.string(),
  status: runStatus,
  period: z.object({ start: isoDate, end: isoDate }),
  invoiceDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  /** A draft's: the dates it would carry if its run were finalised today, as its PDF shows them; null once finalised. */
  provisionalDates: z.object({ invoiceDate: isoDate, dueDate: isoDate }).nullable(),
  lines: z.array(invoiceLine),
  subtotal: money,
});

const runPath = { access: 'viewer', tag: 'invoices' } as const;

export const listInvoices = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/invoices',
  summary:
    "A run's invoices (and a correction run's credit notes): account, clients, total, number once finalised, change against the previous run of the period",
  reply: { json: invoiceList },
});

export const showInvoice = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/invoices/{account}',
  summary: "One account's invoice in a run: its lines (statistic, quantity, unit price, amount) and each line's steps",
  reply: { json: invoiceDocument },
});

export const showCreditNote = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/credit-notes/{account}',
  summary: "A correction run's credit note for an account: the issued invoice's lines that changed, negated",
  reply: { json: invoiceDocument },
});

export const invoicePdf = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/invoices/{account}/pdf',
  summary: 'An invoice as a printable PDF ("DRAFT" until the run is finalised)',
  reply: { file: 'application/pdf' },
});

export const creditNotePdf = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/credit-notes/{account}/pdf',
  summary: 'A credit note as a printable PDF',
  reply: { file: 'application/pdf' },
});

export const runDocuments = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/documents',
  summary: 'Every invoice and credit note of a run as PDFs in one ZIP (invoices/ACCOUNT.pdf, credit-notes/ACCOUNT.pdf)',
  reply: { file: 'application/zip' },
});

export const accountingFormat = z.enum(['quickbooks', 'xero']);

export const accountingExport = endpoint({
  ...runPath,
  method: 'get',
  path: '/api/runs/{id}/export',
  summary: "The run's invoice (and credit note) lines as CSV in the layout QuickBooks Online or Xero imports",
  query: z.object({
    format: accountingFormat,
    /** How dates are written: as the accounting company's region reads them (QuickBooks Online US: mdy; Xero: dmy). */
    dates: z.enum(['mdy', 'dmy', 'iso']).optional(),
  }),
  reply: { file: 'text/csv' },
});

export const finaliseRun = endpoint({
  method: 'post',
  path: '/api/runs/{id}/finalise',
  summary:
    'Finalise a draft run: it is locked and its invoices (and credit notes) get their numbers, gap-free per workspace. Accounts a finalised run already invoices for days of the period are refused (409 already_invoiced) unless a reason to bill them again is given',
  access: 'approver',
  tag: 'invoices',
  body: z
    .object({
      /** Why accounts that another finalised run already invoices for these days are invoiced again (kept in the audit log). */
      overlapReason: z.string().trim().min(1).max(500).optional(),
    })
    .strict()
    .optional(),
  reply: { json: runLifecycle },
});

export const discardRun = endpoint({
  method: 'delete',
  path: '/api/runs/{id}',
  summary: 'Discard a draft run (a finalised run is never discarded; correct it instead)',
  access: 'approver',
  tag: 'invoices',
  reply: { json: z.object({ run: z.string(), discarded: z.literal(true) }) },
});

export const startCorrection = endpoint({
  method: 'post',
  path: '/api/runs/{id}/corrections',
  summary:
    'Correct a finalised run: its period rated again with a setup (a stored version; the latest when none is given) as a draft correction run whose credit notes and new invoices cover what changed (a job)',
  access: 'approver',
  tag: 'invoices',
  body: z.object({ setup: documentName, version: z.number().int().min(1).optional() }),
  reply: { json: jobView, status: 202 },
});

/** A logo on the documents: PNG or JPEG, at most 256 KiB. */
export const LOGO_MAX_BYTES = 256 * 1024;
export const logo = z.object({
  type: z.enum(['image/png', 'image/jpeg']),
  /** The image's bytes, base64. */
  base64: z
    .string()
    .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4, `the logo must be at most ${LOGO_MAX_BYTES / 1024} KiB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the logo must be base64'),
});

export const companyProfileFields = z.object({
  name: z.string().trim().min(1, 'the company name is required').max(200),
  /** Lines of the postal address. */
  address: z.string().max(1000).default(''),
  logo: logo.nullable().default(null),
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  footer: z.string().max(1000).default(''),
  /** The sales account the accounting export books lines to (Xero's *AccountCode). */
  accountCode: z.string().max(50).default('200'),
  /** The tax rate name the accounting export gives each line (Xero's *TaxType). */
  taxType: z.string().max(100).default('Tax Exempt'),
});

export const companyProfile = companyProfileFields.extend({
  /** 0 when none was saved yet (the defaults). */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

export const showCompanyProfile = endpoint({
  method: 'get',
  path: '/api/company-profile',
  summary: 'The company profile invoices carry: name, address, logo, payment terms, footer, accounting codes',
  access: 'approver',
  tag: 'invoices',
  reply: { json: companyProfile },
});

export const saveCompanyProfile = endpoint({
  method: 'put',
  path: '/api/company-profile',
  summary: 'Save the company profile (a new version; finalised runs keep the version they were finalised with)',
  access: 'approver',
  tag: 'invoices',
  body: companyProfileFields,
  reply: { json: companyProfile },
});
