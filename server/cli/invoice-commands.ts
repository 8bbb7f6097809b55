/**
 * `billing run finalise|invoices|invoice|export|discard`: a run's lifecycle and its invoices on the
 * command line, through the same services as the workbench. They use the workspace database, so
 * they run while the server is stopped (as `user add` does).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import type { RunLifecycle } from '../../engine/runs/lifecycle.ts';
import { assertUnlocked, ensureWorkspace } from '../../snapshots/store/workspace.ts';
import type { AccountingFormat, DateStyle } from '../services/accounting-export.ts';
import { accountingFile, documentFile } from '../services/document-files.ts';
import { type InvoiceDeps, listRunInvoices, showRunDocument } from '../services/invoices.ts';
import { discardRun, finaliseRun } from '../services/run-lifecycle.ts';
import { type Database, databaseFile, openDatabase } from '../store/database.ts';
import type { CliIo } from './cli-io.ts';

export function registerInvoiceCommands(run: Command, io: CliIo): void {
  run
    .command('finalise <id>')
    .description('finalise a draft run: lock it and number its invoices (and credit notes), gap-free')
    .option('--overlap-reason <text>', 'why accounts that another finalised run already invoices for these days are invoiced again')
    .action((id: string, options: { overlapReason?: string }) =>
      withDatabase(io, async (deps) => {
        const lifecycle = await finaliseRun(deps, actorOf(io), id, { overlapReason: options.overlapReason });
        const { invoices, creditNotes } = await listRunInvoices(deps, id);
        io.out(`Run ${lifecycle.run} finalised: invoice date ${lifecycle.invoiceDate}, due ${lifecycle.dueDate}`);
        io.out(`  ${numbered('invoice', invoices)}`);
        if (creditNotes.length > 0) io.out(`  ${numbered('credit note', creditNotes)}`);
      }),
    );

  run
    .command('discard <id>')
    .description('discard a draft run (a finalised run is corrected, never discarded)')
    .action((id: string) =>
      withDatabase(io, async (deps) => {
        await discardRun(deps, actorOf(io), id);
        io.out(`Run ${id} discarded`);
      }),
    );

  run
    .command('invoices <id>')
    .description("list a run's invoices (and credit notes): number, account, clients, total, change against the previous run of the period")
    .action((id: string) =>
      withDatabase(io, async (deps) => {
        const list = await listRunInvoices(deps, id);
        io.out(`Run ${list.lifecycle.run}: ${statusLine(list.lifecycle)}, period ${list.period.start} to ${list.period.end}`);
        for (const summary of [...list.invoices, ...list.creditNotes]) {
          const clients = summary.clients.map((client) => client.clientNumber).join(' ');
          const change = summary.previous ? `${signed(summary.previous.change)} against ${summary.previous.run}` : '';
          io.out([summary.number ?? 'DRAFT', kindName(summary.kind), summary.account, clients, `${summary.total} ${summary.currency}`, change].join('\t'));
        }
        io.out(`Total: invoices ${list.totals.invoices}, credit notes ${list.totals.creditNotes} ${list.currency}`);
      }),
    );

  run
    .command('invoice <id> <account>')
    .description("show one account's invoice (its lines and how each was made), or write it as a PDF")
    .option('--pdf <file>', 'write the invoice as a PDF to this file')
    .option('--credit-note', "the account's credit note (a correction run) instead of its invoice")
    .action((id: string, account: string, options: { pdf?: string; creditNote?: boolean }) =>
      withDatabase(io, async (deps) => {
        const kind = options.creditNote ? 'creditNote' : 'invoice';
        if (options.pdf !== undefined) {
          const file = await documentFile(deps, id, kind, account);
          writeFileSync(options.pdf, file.body);
          io.out(`Wrote ${options.pdf} (${file.name}, ${file.body.length} bytes)`);
          return;
        }
        const view = await showRunDocument(deps, id, kind, account);
        io.out(`${kindName(view.kind)} ${view.number ?? 'DRAFT'} for ${view.account} (${view.clients.map((c) => `${c.clientNumber} ${c.name}`).join(', ')})`);
        io.out(
          `  period ${view.period.start} to ${view.period.end}, plan ${view.plan}${view.invoiceDate ? `, dated ${view.invoiceDate}, due ${view.dueDate}` : ''}`,
        );
        for (const line of view.lines) {
          io.out(`  ${line.label}\t${line.quantity}\t${line.unitPrice ?? ''}\t${line.amount}${line.formula ? `\tformula ${line.formula}` : ''}`);
          for (const step of line.steps) io.out(`    ${describeStep(step)}`);
        }
        io.out(`  Total ${view.total} ${view.currency}`);
      }),
    );

  run
    .command('export <id>')
    .description("write the run's invoice lines as CSV in the layout QuickBooks Online or Xero imports")
    .requiredOption('--format <format>', 'quickbooks or xero')
    .requiredOption('--out <file>', 'the CSV file to write')
    .option('--dates <style>', 'how dates are written: mdy, dmy or iso (default: mdy for quickbooks, dmy for xero)')
    .action((id: string, options: { format: string; out: string; dates?: string }) =>
      withDatabase(io, async (deps) => {
        if (options.format !== 'quickbooks' && options.format !== 'xero')
          throw new EngineError('bad_param_value', `--format must be quickbooks or xero, not "${options.format}"`);
        if (options.dates !== undefined && !['mdy', 'dmy', 'iso'].includes(options.dates))
          throw new EngineError('bad_param_value', `--dates must be mdy, dmy or iso, not "${options.dates}"`);
        const file = await accountingFile(deps, id, options.format as AccountingFormat, options.dates as DateStyle | undefined);
        writeFileSync(options.out, file.body);
        io.out(`Wrote ${options.out} (${options.format}, ${new TextDecoder().decode(file.body).split('\r\n').length - 2} line(s))`);
      }),
    );
}

/** The workspace database for one command; a running server holds it, so the command says to stop it. */
export async function withDatabase<T>(io: CliIo, work: (deps: InvoiceDeps & { db: Database }) => Promise<T>): Promise<T> {
  const workspace = io.workspace();
  ensureWorkspace(workspace);
  assertUnlocked(workspace);
  const db = await openDatabase(databaseFile(workspace));
  try {
    return await work({ workspace, db, now: () => new Date() });
  } finally {
    db.close();
  }
}

/** Who acts on the command line: the login name, as the audit log records it. */
export const actorOf = (io: CliIo): string => `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}`;

function numbered(what: string, documents: readonly { number: string | null }[]): string {
  const numbers = documents.map((document) => document.number).filter((number) => number !== null);
  if (numbers.length === 0) return `no ${what}s`;
  return `${numbers.length} ${what}(s): ${numbers.length === 1 ? numbers[0] : `${numbers[0]} to ${numbers.at(-1)}`}`;
}

function statusLine(lifecycle: Pick<RunLifecycle, 'status' | 'finalisedAt' | 'corrects' | 'correctedBy'>): string {
  const parts: string[] = [lifecycle.status];
  if (lifecycle.finalisedAt) parts.push(`on ${lifecycle.finalisedAt.slice(0, 10)}`);
  if (lifecycle.corrects) parts.push(`corrects ${lifecycle.corrects}`);
  if (lifecycle.correctedBy) parts.push(`corrected by ${lifecycle.correctedBy}`);
  return parts.join(' ');
}

const kindName = (kind: string): string => (kind === 'invoice' ? 'Invoice' : 'Credit note');
const signed = (change: string): string => (change.startsWith('-') ? change : `+${change}`);

/** A step of a line's chain as one line: its kind and its fields. */
function describeStep(step: { kind: string } & Record<string, unknown>): string {
  const { kind, ...fields } = step;
  return `${kind}: ${Object.entries(fields)
    .map(([name, value]) => `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ')}`;
}
