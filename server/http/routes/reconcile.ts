/**
 * Reconciliation over HTTP: upload a legacy Billing Export 200 file (CSV or XLSX) and compare it
 * with a snapshot; accept a variance with a reason (an audit-log entry, from which acceptances are
 * read back: the log is the record); the snapshot rows behind any cell; reports as CSV or XLSX.
 * Uploaded files and results are kept in workspace/reconciliations/<id>/.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import { acceptVariance } from '../../../engine/reconcile/acceptance.ts';
import { importLegacyExport } from '../../../engine/reconcile/import.ts';
import type { Acceptance, Reconciliation } from '../../../engine/reconcile/model.ts';
import { reconcileSnapshot } from '../../../engine/reconcile/reconcile.ts';
import { reconciliationCsv, reconciliationXlsx } from '../../../engine/reconcile/report-files.ts';
import { reconciliationTable } from '../../../engine/reconcile/report-table.ts';
import { sourceRows } from '../../../engine/reconcile/source-rows.ts';
import { summarize } from '../../../engine/reconcile/summary.ts';
import { parseTolerances } from '../../../engine/reconcile/tolerance.ts';
import { readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { appendAudit } from '../../store/audit.ts';
import { defineRoute, readBody, readQuery, z } from '../openapi.ts';

const upload = z.object({
  snapshot: z.string(),
  fileName: z.string().min(1).max(200),
  /** The file's bytes, base64. */
  content: z.string().min(1),
  variant: z.enum(['legacy', 'consensus']).default('legacy'),
  tolerances: z.array(z.string()).default([]),
  exportedAt: z.string().optional(),
});
const acceptance = z.object({ clientNumber: z.string(), statistic: z.string(), reason: z.string().min(3).max(2000) });

interface Stored {
  readonly id: string;
  readonly snapshot: string;
  readonly reconciliation: Reconciliation;
}

export function reconcileRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const folder = (id: string) => join(ctx.workspace.root, 'reconciliations', id);
  const load = (id: string): Stored => {
    if (!/^[a-z0-9-]+$/.test(id) || !existsSync(join(folder(id), 'result.json'))) throw new ApiError(404, 'not_found', `no reconciliation ${id}`);
    return JSON.parse(readFileSync(join(folder(id), 'result.json'), 'utf8')) as Stored;
  };
  /** Acceptances of a reconciliation, read back from the audit log. */
  const acceptancesOf = async (id: string): Promise<Acceptance[]> =>
    (await ctx.db.all(`SELECT detail FROM audit_log WHERE action = 'variance.accept' AND target = $t ORDER BY seq`, { t: `reconciliation:${id}` })).map(
      (row) => JSON.parse(String(row.detail)) as Acceptance,
    );
  const withAcceptances = async (stored: Stored): Promise<Reconciliation> => {
    const accepted = await acceptancesOf(stored.id);
    const byCell = new Map(accepted.map((a) => [`${a.clientNumber}\t${a.statistic}`, a]));
    return {
      ...stored.reconciliation,
      variances: stored.reconciliation.variances.map((v) =>
        byCell.has(`${v.clientNumber}\t${v.statistic}`) ? { ...v, acceptance: byCell.get(`${v.clientNumber}\t${v.statistic}`) as Acceptance } : v,
      ),
    };
  };

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/reconciliations',
      summary: 'Upload a legacy export (CSV or XLSX, base64) and reconcile it with a snapshot',
      role: 'editor',
      tag: 'reconciliation',
      body: upload,
    },
    async (c) => {
      const user = requireRole(c, 'editor');
      const body = await readBody(c, upload);
      const bytes = new Uint8Array(Buffer.from(body.content, 'base64'));
      const legacy = await importLegacyExport(bytes, body.fileName);
      const manifest = readManifest(ctx.workspace, body.snapshot);
      const library = await ctx.library();
      const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, manifest.id));
      try {
        const { reconciliation } = await reconcileSnapshot({
          sandbox,
          snapshotKey: manifest.contentHash,
          formulas: library.formulas,
          index: library.index,
          cache: ctx.results,
          params: { start: manifest.period.start, end: manifest.period.end },
          legacy,
          variant: body.variant,
          tolerances: parseTolerances(body.tolerances),
          snapshotTakenAt: manifest.createdAt,
          ...(body.exportedAt ? { exportedAt: body.exportedAt } : {}),
        });
        const id = `${manifest.id}-${Date.now().toString(36)}`;
        mkdirSync(folder(id), { recursive: true });
        writeFileSync(join(folder(id), body.fileName.replace(/[^A-Za-z0-9._-]/g, '_')), bytes);
        writeFileSync(join(folder(id), 'result.json'), JSON.stringify({ id, snapshot: manifest.id, reconciliation } satisfies Stored));
        await ctx.db.transaction((tx) =>
          appendAudit(
            tx,
            { actor: user.name, action: 'reconciliation.create', target: `reconciliation:${id}`, detail: { snapshot: manifest.id, file: body.fileName } },
            ctx.now(),
          ),
        );
        return c.json({ id, summary: summarize(reconciliation) });
      } finally {
        sandbox.close();
      }
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/reconciliations/{id}',
      summary: 'A reconciliation with its variances, explanations and acceptances',
      role: 'viewer',
      tag: 'reconciliation',
    },
    async (c) => {
      const stored = load(c.req.param('id') as string);
      const reconciliation = await withAcceptances(stored);
      return c.json({ id: stored.id, snapshot: stored.snapshot, summary: summarize(reconciliation), reconciliation });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/reconciliations/{id}/acceptances',
      summary: 'Accept a variance with a reason (recorded in the audit log)',
      role: 'approver',
      tag: 'reconciliation',
      body: acceptance,
    },
    async (c) => {
      const user = requireRole(c, 'approver');
      const body = await readBody(c, acceptance);
      const stored = load(c.req.param('id') as string);
      const variance = stored.reconciliation.variances.find((v) => v.clientNumber === body.clientNumber && v.statistic === body.statistic);
      if (!variance)
        throw new ApiError(404, 'not_found', `no variance for client ${body.clientNumber}, ${body.statistic} in reconciliation ${stored.id}`, 'statistic');
      const accepted = acceptVariance(variance, { by: user.name, reason: body.reason, now: ctx.now });
      await ctx.db.transaction((tx) =>
        appendAudit(
          tx,
          { actor: user.name, action: 'variance.accept', target: `reconciliation:${stored.id}`, detail: accepted, reason: body.reason },
          ctx.now(),
        ),
      );
      return c.json(accepted);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/reconciliations/{id}/report',
      summary: 'The reconciliation as CSV (default) or XLSX (?format=xlsx)',
      role: 'viewer',
      tag: 'reconciliation',
      query: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
    },
    async (c) => {
      const { format } = readQuery(c, z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }));
      const reconciliation = await withAcceptances(load(c.req.param('id') as string));
      const table = reconciliationTable(reconciliation);
      if (format === 'csv') return c.body(reconciliationCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8' });
      const bytes = await reconciliationXlsx(table, summarize(reconciliation), { now: ctx.now });
      return c.body(Buffer.from(bytes), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/cells/source-rows',
      summary: 'The snapshot rows behind one cell of the grid (first rows and a count)',
      role: 'viewer',
      tag: 'grid',
      query: z.object({
        snapshot: z.string(),
        formula: z.string(),
        client: z.coerce.number().int(),
        limit: z.coerce.number().int().min(1).max(500).default(20),
      }),
    },
    async (c) => {
      const query = readQuery(
        c,
        z.object({ snapshot: z.string(), formula: z.string(), client: z.coerce.number().int(), limit: z.coerce.number().int().min(1).max(500).default(20) }),
      );
      const manifest = readManifest(ctx.workspace, query.snapshot);
      const library = await ctx.library();
      const formula = library.index.get(query.formula.toLowerCase());
      if (!formula) throw new ApiError(404, 'not_found', `no formula ${query.formula}`, 'formula');
      const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, manifest.id));
      try {
        return c.json(
          await sourceRows({
            sandbox,
            formula,
            index: library.index,
            params: { start: manifest.period.start, end: manifest.period.end },
            cltID: query.client,
            limit: query.limit,
          }),
        );
      } finally {
        sandbox.close();
      }
    },
  );
}
