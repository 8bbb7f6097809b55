/**
 * The time from editing a rate in the what-if view to the view showing new totals, measured in
 * the page: the price is set and changed, then a MutationObserver waits for the "after" total to
 * change. Shared by the browser test and the browser benchmark (tests/bench/browser-what-if.ts).
 */
import type { Page } from 'playwright-core';

/** Sets the rate input named `label` to `price`; resolves with the milliseconds until the totals change. */
export function timeRateEdit(page: Page, label: string, price: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(
    async ({ label, price, timeoutMs }) => {
      const input = document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`);
      const results = document.querySelector('.whatif-results');
      if (!input || !results) throw new Error(`no rate input "${label}" or no results on the page`);
      const before = document.querySelector('.total-after')?.textContent;
      const started = performance.now();
      input.value = price;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`the totals did not change within ${timeoutMs} ms`)), timeoutMs);
        const observer = new MutationObserver(() => {
          const now = document.querySelector('.total-after');
          if (now && now.textContent !== before) {
            observer.disconnect();
            clearTimeout(timeout);
            resolve(performance.now() - started);
          }
        });
        observer.observe(results, { subtree: true, childList: true, characterData: true });
      });
    },
    { label, price, timeoutMs },
  );
}
