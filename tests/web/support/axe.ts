/**
 * Accessibility checks in the page with axe-core (WCAG 2.2 A and AA rules and axe's best practices):
 * its script is evaluated in the page through the browser's protocol, which the server's
 * content security policy (scripts from the server only) leaves alone.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** Each violation on the page as one line: the rule, what it asks, and up to three elements that break it. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    );
  });
}
