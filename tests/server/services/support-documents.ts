/** Test support: invoice documents as the services show them, built by small factories. */
import { DEFAULT_PROFILE, type CompanyProfile } from '../../../server/services/company-profile.ts';
import type { InvoiceView } from '../../../server/services/invoices.ts';

type Line = InvoiceView['lines'][number];

export const usageLine = (over: Partial<Line> = {}): Line => ({
  lineId: 'calls',
  label: 'Secretarial calls',
  kind: 'usage',
  statistic: 'SecCalls',
  formula: 'SecCalls',
  quantity: '40',
  unitPrice: '1.35',
  amount: '54.00',
  steps: [{ kind: 'statistic', clientNumber: '1001', statistic: 'SecCalls', value: '40' }],
  ...over,
});

export const invoiceView = (over: Partial<InvoiceView> = {}): InvoiceView => ({
  kind: 'invoice',
  account: 'BC-A',
  billingCode: 'BC-A',
  clients: [{ clientNumber: '1001', name: 'Alpha Plumbing' }],
  plan: 'standard',
  currency: 'USD',
  total: '54.00',
  accountTotal: '54.00',
  number: null,
  credits: null,
  previous: null,
  run: '2026-10-abc',
  snapshot: '2026-10-demo',
  status: 'draft',
  period: { start: '2026-10-01', end: '2026-10-31' },
  invoiceDate: null,
  dueDate: null,
  provisionalDates: null,
  lines: [usageLine()],
  subtotal: '54.00',
  ...over,
});

export const profile = (over: Partial<CompanyProfile> = {}): CompanyProfile => ({ ...DEFAULT_PROFILE, name: 'Answer Co', paymentTermsDays: 14, ...over });

/** A 1 x 1 PNG. */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
