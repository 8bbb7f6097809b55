/** The legacy file (CSV or XLSX), the report variant and the default tolerance to reconcile with. */
import { createSignal } from 'solid-js';

export function UploadForm(props: { busy: boolean; onSubmit: (file: File, variant: 'legacy' | 'consensus', fallback: string) => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [variant, setVariant] = createSignal<'legacy' | 'consensus'>('legacy');
  const [fallback, setFallback] = createSignal('0');
  return (
    <form
      class="view-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = file();
        if (chosen) props.onSubmit(chosen, variant(), fallback());
      }}
    >
      <label class="inline-field">
        <span>Legacy export</span>
        <input type="file" aria-label="Legacy export" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <label class="inline-field">
        <span>Compare with</span>
        <select aria-label="Report variant" value={variant()} onChange={(e) => setVariant(e.currentTarget.value as 'legacy' | 'consensus')}>
          <option value="legacy">legacy formulas</option>
          <option value="consensus">consensus formulas</option>
        </select>
      </label>
      <label class="inline-field">
        <span>Default tolerance</span>
        <input aria-label="Default tolerance" title="0, abs:1, rel:1% or abs:1,rel:0.01" value={fallback()} onInput={(e) => setFallback(e.currentTarget.value)} size={12} />
      </label>
      <button type="submit" class="primary" disabled={!file() || props.busy}>
        Reconcile
      </button>
    </form>
  );
}
