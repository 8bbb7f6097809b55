/** The statistics the portal publishes: each a statistic of the active release, with the title and unit clients read. */
import { createResource, For, Index } from 'solid-js';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { type PortalSettings, releaseStatistics } from './portal-admin-api.ts';

type Published = PortalSettings['publishedStatistics'];

/** A unit a client reads, from the release's unit: seconds stay seconds; a count is of calls or messages as its id says. */
function friendlyUnit(id: string, unit: string): string {
  if (unit !== 'count') return unit;
  if (/msg|message/i.test(id)) return 'messages';
  if (/call/i.test(id)) return 'calls';
  return 'times';
}

export function PortalStatisticsFields(props: { statistics: Published; onChange: (statistics: Published) => void; errorAt: (field: string) => string | null }) {
  const [release] = createResource(releaseStatistics);
  const set = (index: number, change: Partial<Published[number]>) => props.onChange(props.statistics.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const add = () => {
    const taken = new Set(props.statistics.map((s) => s.id));
    const next = (release() ?? []).find((s) => !taken.has(s.id));
    if (next) props.onChange([...props.statistics, { id: next.id, title: next.title, unit: friendlyUnit(next.id, next.unit) }]);
  };

  return (
    <fieldset>
      <legend>Published statistics</legend>
      <table class="data-table portal-statistics" aria-label="Published statistics">
        <thead>
          <tr>
            <th scope="col">Statistic</th>
            <th scope="col">Title clients read</th>
            <th scope="col">Unit</th>
            <th scope="col">
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <Index each={props.statistics}>
            {(statistic, i) => {
              const id = (part: string) => `portal-statistic-${i}-${part}`;
              const n = i + 1;
              return (
                <tr data-statistic={statistic().id}>
                  <td>
                    <select
                      id={id('id')}
                      aria-label={`Published statistic ${n}`}
                      value={statistic().id}
                      onChange={(e) => {
                        const chosen = release()?.find((s) => s.id === e.currentTarget.value);
                        set(i, chosen ? { id: chosen.id, title: chosen.title, unit: friendlyUnit(chosen.id, chosen.unit) } : { id: e.currentTarget.value });
                      }}
                      {...invalidAttributes(id('id'), props.errorAt(`${i}.id`))}
                    >
                      <For each={release() ?? [{ id: statistic().id, title: statistic().title, unit: statistic().unit }]}>
                        {/* selected on the option: the select's value is set before the release's options arrive */}
                        {(s) => (
                          <option value={s.id} selected={s.id === statistic().id}>
                            {s.id}
                          </option>
                        )}
                      </For>
                    </select>
                    <FieldError for={id('id')} error={props.errorAt(`${i}.id`)} />
                  </td>
                  <td>
                    <input
                      id={id('title')}
                      aria-label={`Published statistic ${n} title`}
                      value={statistic().title}
                      onInput={(e) => set(i, { title: e.currentTarget.value })}
                      {...invalidAttributes(id('title'), props.errorAt(`${i}.title`))}
                    />
                    <FieldError for={id('title')} error={props.errorAt(`${i}.title`)} />
                  </td>
                  <td>
                    <input
                      id={id('unit')}
                      aria-label={`Published statistic ${n} unit`}
                      value={statistic().unit}
                      size={10}
                      onInput={(e) => set(i, { unit: e.currentTarget.value })}
                      {...invalidAttributes(id('unit'), props.errorAt(`${i}.unit`))}
                    />
                    <FieldError for={id('unit')} error={props.errorAt(`${i}.unit`)} />
                  </td>
                  <td>
                    <button type="button" onClick={() => props.onChange(props.statistics.filter((_, j) => j !== i))}>
                      Remove<span class="visually-hidden"> published statistic {n}</span>
                    </button>
                  </td>
                </tr>
              );
            }}
          </Index>
        </tbody>
      </table>
      <button type="button" onClick={add} disabled={!release()}>
        Add statistic
      </button>
    </fieldset>
  );
}
