/**
 * A billing run's lifecycle, derived from its recorded events (the run folder itself is never
 * rewritten): a run is a draft until finalised; a finalised run is corrected once a correction run
 * of it is finalised. Discarding a draft ends that run; a later run that happens to get the same id
 * (the same inputs) starts afresh, so only the events after the last discard count.
 */

export type RunEvent =
  | { readonly kind: 'correction'; readonly run: string; readonly corrects: string; readonly actor: string; readonly at: string }
  | {
      readonly kind: 'finalise';
      readonly run: string;
      readonly actor: string;
      readonly at: string;
      readonly invoiceDate: string;
      readonly dueDate: string;
      readonly profileVersion: number;
    }
  | { readonly kind: 'discard'; readonly run: string; readonly actor: string; readonly at: string };

export type RunStatus = 'draft' | 'finalised' | 'corrected';

export interface RunLifecycle {
  readonly run: string;
  readonly status: RunStatus;
  readonly finalisedAt: string | null;
  readonly finalisedBy: string | null;
  readonly invoiceDate: string | null;
  readonly dueDate: string | null;
  /** The company profile version the documents carry once finalised (0: the defaults). */
  readonly profileVersion: number | null;
  readonly corrects: string | null;
  readonly correctedBy: string | null;
  readonly corrections: readonly string[];
}

/**
 * The lifecycle of every run named in `events` (in the order recorded); a run without events is a draft.
 *
 * @example lifecycles([{ kind: 'finalise', run: 'r1', ... }])('r1').status // 'finalised'
 */
export function lifecycles(events: readonly RunEvent[]): (run: string) => RunLifecycle {
  const current = new Map<string, RunEvent[]>();
  for (const event of events) {
    if (event.kind === 'discard') current.delete(event.run);
    else current.set(event.run, [...(current.get(event.run) ?? []), event]);
  }
  const correctionsOf = new Map<string, string[]>();
  for (const [run, list] of current) {
    const correction = list.find((event) => event.kind === 'correction');
    if (correction) correctionsOf.set(correction.corrects, [...(correctionsOf.get(correction.corrects) ?? []), run]);
  }
  const finalised = (run: string) => current.get(run)?.find((event) => event.kind === 'finalise');
  return (run) => {
    const list = current.get(run) ?? [];
    const done = finalised(run);
    const correction = list.find((event) => event.kind === 'correction');
    const corrections = correctionsOf.get(run) ?? [];
    const correctedBy = corrections.find((other) => finalised(other) !== undefined) ?? null;
    return {
      run,
      status: done === undefined ? 'draft' : correctedBy === null ? 'finalised' : 'corrected',
      finalisedAt: done?.at ?? null,
      finalisedBy: done?.actor ?? null,
      invoiceDate: done?.invoiceDate ?? null,
      dueDate: done?.dueDate ?? null,
      profileVersion: done?.profileVersion ?? null,
      corrects: correction?.corrects ?? null,
      correctedBy,
      corrections,
    };
  };
}
