/** How fresh the portal's data is: "Data as of …", and when the last refresh failed, that the older data is shown. */
import { Show } from 'solid-js';
import type { Freshness } from './portal-types.ts';

/** "2026-12-06 00:10 UTC" from an ISO time. */
export const timeText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function FreshnessLine(props: { freshness: Freshness }) {
  const asOf = () => (props.freshness.refreshedAt ? timeText(props.freshness.refreshedAt) : null);
  return (
    <p class={`portal-freshness ${props.freshness.status}`} data-status={props.freshness.status}>
      <Show when={asOf()} fallback={<>The numbers of {props.freshness.period} so far are not read yet.</>}>
        Data as of <time datetime={props.freshness.refreshedAt ?? undefined}>{asOf()}</time>
        <Show when={props.freshness.status === 'stale'}> (an update is due)</Show>
        <Show when={props.freshness.status === 'failed'}> — the last update failed, so these are the numbers from then.</Show>
      </Show>
    </p>
  );
}
