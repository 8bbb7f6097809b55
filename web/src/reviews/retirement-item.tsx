/**
 * A proposal to retire a formula, as a second approver sees it in Reviews: who proposed it, the
 * release it makes and why; confirming it (after saying what happens) makes that release active.
 */
import { createSignal, Show } from 'solid-js';
import type { ReviewInbox } from '../api/types.ts';
import { forgetRelease } from '../formula/library.ts';
import { retireFormula } from '../formula/retire-formula.tsx';
import { formulaPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { createAction } from '../ui/action.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { refreshWaitingReviews } from './waiting.ts';

type Retirement = ReviewInbox['retirements'][number];

export function RetirementItem(props: { retirement: Retirement; since: string }) {
  const [asking, setAsking] = createSignal(false);
  const action = createAction();
  const confirm = async () => {
    const { formula, release, reason } = props.retirement;
    if (!(await action.run(() => retireFormula(formula, release, reason)))) return;
    setAsking(false);
    forgetRelease();
    void refreshWaitingReviews();
  };
  return (
    <li>
      <a href={hrefOf(formulaPath(props.retirement.formula))} onClick={(event) => followLink(event, formulaPath(props.retirement.formula))}>
        {props.retirement.formula}
      </a>
      <span class="muted">
        proposed by {props.retirement.proposedBy}, {props.since}, into release {props.retirement.release}: “{props.retirement.reason}”
      </span>
      <button type="button" onClick={() => setAsking(true)}>
        Confirm retirement…
      </button>
      <Show when={asking()}>
        <ConfirmDialog
          title={`Retire formula ${props.retirement.formula}?`}
          confirm="Retire"
          refused="Not retired"
          busy={action.busy()}
          problem={action.problem()}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        >
          <p>
            {props.retirement.proposedBy} proposed retiring {props.retirement.formula}: “{props.retirement.reason}”.
          </p>
          <p>
            Confirming makes release <strong>{props.retirement.release}</strong>, without it, the active one. Runs and reconciliations already made keep the
            release they used.
          </p>
        </ConfirmDialog>
      </Show>
    </li>
  );
}
