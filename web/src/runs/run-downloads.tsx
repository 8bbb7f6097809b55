/** A run's files to download: every invoice and credit note as PDFs in one ZIP, the accounting import CSVs, Billing Export 200 and the invoice lines. */
import { For } from 'solid-js';
import type { RunRecord } from '../api/types.ts';
import { accountingExportUrl, documentsZipUrl, runFileUrl } from './runs-api.ts';

export function RunDownloads(props: { run: RunRecord }) {
  const files = () => [
    { label: 'All PDFs (ZIP)', href: documentsZipUrl(props.run.id), name: '', title: 'Every invoice and credit note of the run as a PDF, in one ZIP' },
    {
      label: 'QuickBooks CSV',
      href: accountingExportUrl(props.run.id, 'quickbooks'),
      name: '',
      title: 'The invoice lines in the layout QuickBooks Online imports',
    },
    { label: 'Xero CSV', href: accountingExportUrl(props.run.id, 'xero'), name: '', title: 'The invoice lines in the layout Xero imports' },
    {
      // Not the legacy report's numbers: the setup's modifiers (minutes for seconds, caps) are applied, so say so where it is chosen.
      label: 'Billing Export 200 (as billed)',
      href: runFileUrl(props.run.id, 'be200.csv'),
      name: `${props.run.id}-be200.csv`,
      title:
        "be200.csv: the statistics per client as billed, with the setup's modifiers applied (to reconcile with the legacy report, export it from the grid)",
    },
    {
      label: 'Invoice lines',
      href: runFileUrl(props.run.id, 'lines.csv'),
      name: `${props.run.id}-lines.csv`,
      title: 'lines.csv: every invoice line with the formula and plan versions it came from',
    },
  ];
  return (
    <nav class="run-downloads" aria-label="Downloads">
      <span class="muted">Download</span>
      <For each={files()}>
        {(file) => (
          // The server names the PDFs and exports; the run's own files are named after the run here.
          <a href={file.href} download={file.name} title={file.title}>
            {file.label}
          </a>
        )}
      </For>
    </nav>
  );
}
