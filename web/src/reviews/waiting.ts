/**
 * What waits for the logged-in approver's review, shared by the top bar's count and the Reviews
 * view: asked for at login, every minute, and again whenever someone here reviews or submits.
 */
import { createRoot, createSignal } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import type { ReviewInbox } from '../api/types.ts';
import { can } from '../session/session.ts';

const EVERY_MINUTE = 60_000;

const inbox = createRoot(() => {
  const [current, setCurrent] = createSignal<ReviewInbox | null>(null);
  let following = false;
  const refresh = async (): Promise<void> => {
    if (!can('approver')) return void setCurrent(null);
    try {
      setCurrent(await call(endpoints.reviewInbox, {}));
    } catch {
      // The count is a hint: a failed refresh keeps the last one, the next tries again.
    }
  };
  return {
    current,
    refresh,
    /** Starts asking every minute (once); the count shows from the first answer. */
    follow(): void {
      void refresh();
      if (following) return;
      following = true;
      setInterval(() => void refresh(), EVERY_MINUTE);
    },
  };
});

/** The reviews waiting for the logged-in user (null before the first answer, or for someone who does not approve). */
export const waitingReviews = inbox.current;
/** Asks again now: after a submission, an approval or a rejection here. */
export const refreshWaitingReviews = inbox.refresh;
export const followWaitingReviews = inbox.follow;
