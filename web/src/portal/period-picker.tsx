/** The period picker: every period the portal holds, newest first, the current one marked "so far". */
import { For } from 'solid-js';
import type { Period } from './portal-types.ts';

export const periodLabel = (period: Period): string =>
  period.kind === 'current' ? `${period.period} (so far)` : `${period.period}${period.finalised ? '' : ' (not finalised)'}`;

export function PeriodPicker(props: { id: string; periods: readonly Period[]; value: string; onChange: (period: string) => void }) {
  return (
    <div class="portal-control">
      <label for={props.id}>Period</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <For each={props.periods}>{(period) => <option value={period.period}>{periodLabel(period)}</option>}</For>
      </select>
    </div>
  );
}
