/**
 * The customer portal's data, for client users (access `client`): statistics per period, trends,
 * the rows behind a number (and as CSV or XLSX), finalised invoices and their PDFs. Everything is
 * limited to the user's clients below this layer (server/services/portal-data*.ts); any client,
 * statistic, period or invoice outside the grant answers 404 as one that does not exist.
 */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const statistic = z.object({ id: z.string(), title: z.string(), unit: z.string() });
const clientNumber = z.string().max(20).optional().describe('One of your client numbers (default: all of them)');
const period = z.string().max(20).describe('A month, YYYY-MM');

export const portalStatistics = endpoint({
  method: 'get',
  path: '/api/portal/statistics',
  summary: "A period's published statistics for your clients: for a finalised period, the quantities its invoices were rated on",
  access: 'client',
  tag: 'portal',
  query: z.object({ period, client: clientNumber }),
  reply: {
    json: z.object({
      period: z.string(),
      finalised: z.boolean(),
      source: z.enum(['invoice', 'snapshot']),
      statistics: z.array(statistic),
      clients: z.array(z.object({ clientNumber: z.string(), name: z.string(), values: z.record(z.string(), decimal) })),
    }),
  },
});

export const portalTrends = endpoint({
  method: 'get',
  path: '/api/portal/trends',
  summary: 'A published statistic by day (at most 92 days; default the newest month) or by month, for your clients together or one of them',
  access: 'client',
  tag: 'portal',
  query: z.object({
    statistic: z.string().max(100),
    grain: z.enum(['day', 'month']),
    client: clientNumber,
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
  }),
  reply: { json: z.object({ statistic, grain: z.enum(['day', 'month']), points: z.array(z.object({ date: z.string(), value: decimal })) }) },
});

const drilldownQuery = z.object({
  statistic: z.string().max(100),
  period,
  client: clientNumber,
  kind: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const portalDrilldown = endpoint({
  method: 'get',
  path: '/api/portal/drilldown',
  summary: 'The calls and messages behind a number, paged and filtered by kind; their values add up to the statistic (sum)',
  access: 'client',
  tag: 'portal',
  query: drilldownQuery,
  reply: {
    json: z.object({
      statistic,
      columns: z.array(z.object({ key: z.string(), title: z.string() })),
      rows: z.array(
        z.object({
          time: z.string().nullable(),
          clientNumber: z.string(),
          kind: z.string(),
          durationSeconds: decimal.nullable(),
          disposition: z.string().nullable(),
          agent: z.string().nullable().optional(),
          value: decimal,
        }),
      ),
      total: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
      sum: decimal,
      kinds: z.array(z.string()),
    }),
  },
});

const fileQuery = drilldownQuery.omit({ page: true, pageSize: true });

export const portalDrilldownCsv = endpoint({
  method: 'get',
  path: '/api/portal/drilldown.csv',
  summary: 'The whole list behind a number as CSV (at most 50,000 rows; 413 beyond)',
  access: 'client',
  tag: 'portal',
  query: fileQuery,
  reply: { file: 'text/csv' },
});

export const portalDrilldownXlsx = endpoint({
  method: 'get',
  path: '/api/portal/drilldown.xlsx',
  summary: 'The whole list behind a number as an XLSX workbook (at most 50,000 rows; 413 beyond)',
  access: 'client',
  tag: 'portal',
  query: fileQuery,
  reply: { file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
});

export const portalInvoices = endpoint({
  method: 'get',
  path: '/api/portal/invoices',
  summary: 'Your finalised invoices (accounts wholly yours), newest first',
  access: 'client',
  tag: 'portal',
  reply: {
    json: z.object({
      invoices: z.array(
        z.object({
          number: z.string(),
          runId: z.string(),
          period: z.string(),
          account: z.string(),
          total: decimal,
          currency: z.string(),
          issuedAt: z.string(),
        }),
      ),
    }),
  },
});

export const portalInvoicePdf = endpoint({
  method: 'get',
  path: '/api/portal/invoices/{number}/pdf',
  summary: 'One of your finalised invoices as PDF (404 for any other number)',
  access: 'client',
  tag: 'portal',
  reply: { file: 'application/pdf' },
});
