/** Download the reconciliation report (open variances, findings, then the accepted ones) as CSV or XLSX. */
import { reportUrl } from './reconcile-api.ts';

export function ReportLinks(props: { reconciliation: string }) {
  return (
    <nav class="report-links" aria-label="Download the report">
      <a href={reportUrl(props.reconciliation, 'csv')} download={`reconciliation-${props.reconciliation}.csv`}>
        Download report (CSV)
      </a>
      <a href={reportUrl(props.reconciliation, 'xlsx')} download={`reconciliation-${props.reconciliation}.xlsx`}>
        Download report (XLSX)
      </a>
    </nav>
  );
}
