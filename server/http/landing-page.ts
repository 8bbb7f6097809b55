/** A plain status page at `/` while the workbench UI (web/dist) has not been built. */
import type { Manifest } from '../../snapshots/store/manifest.ts';

export function landingPage(snapshots: readonly Manifest[], version: string): string {
  const rows = snapshots
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.id)}</td><td>${escapeHtml(m.period.start)} .. ${escapeHtml(m.period.end)}</td><td>${Object.values(m.tables)
          .reduce((n, t) => n + t.rows, 0)
          .toLocaleString('en-US')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call Theory Billing</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1>Call Theory Billing <small>${escapeHtml(version)}</small></h1>
<p>The server is running. API: <a href="/api/health">/api/health</a>, <a href="/api/snapshots">/api/snapshots</a>.</p>
<table border="1" cellpadding="6" style="border-collapse: collapse"><thead><tr><th>Snapshot</th><th>Period</th><th>Rows</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
