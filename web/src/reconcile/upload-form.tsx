/**
 * The legacy file (CSV or XLSX), the report variant, the default tolerance to reconcile with, and
 * when the file was made if it does not say (a CSV file): rows stamped after it are the evidence
 * that data changed since the export.
 */
import { createSignal } from 'solid-js';
import { InlineField } from '../ui/field.tsx';

export function UploadForm(props: { busy: boolean; onSubmit: (file: File, variant: 'legacy' | 'consensus', fallback: string, exportedAt: string) => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [variant, setVariant] = createSignal<'legacy' | 'consensus'>('legacy');
  const [fallback, setFallback] = createSignal('0');
  const [exportedAt, setExportedAt] = createSignal('');
  return (
    <form
      class="view-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = file();
        if (chosen) props.onSubmit(chosen, variant(), fallback(), exportedAt());
      }}
    >
      <InlineField label="Legacy export">
        <input
          type="file"
          aria-label="Legacy export"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
      </InlineField>
      <InlineField label="Compare with">
        <select aria-label="Report variant" value={variant()} onChange={(e) => setVariant(e.currentTarget.value as 'legacy' | 'consensus')}>
          <option value="legacy">legacy formulas</option>
          <option value="consensus">consensus formulas</option>
        </select>
      </InlineField>
      <InlineField label="Default tolerance">
        <input
          aria-label="Default tolerance"
          title="0, abs:1, rel:1% or abs:1,rel:0.01"
          value={fallback()}
          onInput={(e) => setFallback(e.currentTarget.value)}
          size={12}
        />
      </InlineField>
      <InlineField label="Exported at">
        <input
          type="datetime-local"
          aria-label="Exported at"
          title="when the legacy file was made, if it does not say (CSV files do not)"
          value={exportedAt()}
          onInput={(e) => setExportedAt(e.currentTarget.value)}
        />
      </InlineField>
      <button type="submit" class="primary" disabled={!file() || props.busy}>
        Reconcile
      </button>
    </form>
  );
}
