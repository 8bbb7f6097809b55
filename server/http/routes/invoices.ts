/** A run's invoices, their documents and accounting export, the run lifecycle and the company profile. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { api } from '../../api/contract.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { startCorrection } from '../../services/billing-run-job.ts';
import { companyProfile, saveCompanyProfile } from '../../services/company-profile.ts';
import { accountingFile, type DownloadFile, documentFile, documentsZip } from '../../services/document-files.ts';
import { listRunInvoices, lifecycleView, showRunDocument } from '../../services/invoices.ts';
import { discardRun, finaliseRun } from '../../services/run-lifecycle.ts';
import { storedDocuments } from '../../services/documents.ts';
import { mount } from '../openapi.ts';
import { jobView } from './snapshots.ts';

export function invoiceRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const deps = { workspace: ctx.workspace, db: ctx.db, now: ctx.now };

  mount(app, ctx.settings, api.listInvoices, (_, { params }) => listRunInvoices(deps, params.id));
  mount(app, ctx.settings, api.showInvoice, (_, { params }) => showRunDocument(deps, params.id, 'invoice', params.account));
  mount(app, ctx.settings, api.showCreditNote, (_, { params }) => showRunDocument(deps, params.id, 'creditNote', params.account));
  mount(app, ctx.settings, api.invoicePdf, async (c, { params }) => download(c, await documentFile(deps, params.id, 'invoice', params.account)));
  mount(app, ctx.settings, api.creditNotePdf, async (c, { params }) => download(c, await documentFile(deps, params.id, 'creditNote', params.account)));
  mount(app, ctx.settings, api.runDocuments, async (c, { params }) => download(c, await documentsZip(deps, params.id)));
  mount(app, ctx.settings, api.accountingExport, async (c, { params, query }) => download(c, await accountingFile(deps, params.id, query.format, query.dates)));

  mount(app, ctx.settings, api.finaliseRun, async (_, { user, params, body }) => lifecycleView(await finaliseRun(deps, user.name, params.id, body ?? {})));
  mount(app, ctx.settings, api.discardRun, (_, { user, params }) => discardRun(deps, user.name, params.id));
  mount(app, ctx.settings, api.startCorrection, async (_, { user, params, body }) => {
    const jobDeps = { ...deps, snapshots: ctx.snapshots, documents: storedDocuments(ctx.db), jobs: ctx.jobs };
    return jobView(await startCorrection(jobDeps, user.name, await ctx.library(), params.id, body));
  });

  mount(app, ctx.settings, api.showCompanyProfile, () => companyProfile(ctx.db));
  mount(app, ctx.settings, api.saveCompanyProfile, (_, { user, body }) => saveCompanyProfile(deps, user.name, body));
}

function download(c: Context<AppEnv>, file: DownloadFile): Response {
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.name}"`,
  });
}
