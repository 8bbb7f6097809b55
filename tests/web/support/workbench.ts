/** Steps the browser tests share: logging in through the form, waiting for the grid, finding a cell. */
import type { Page } from 'playwright-core';

export const ADMIN = { name: 'admin', password: 'a long admin password' };

export async function logIn(page: Page, baseUrl: string, user = ADMIN): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await gridReady(page);
}

/** Waits until the grid shows its first row of values. */
export async function gridReady(page: Page): Promise<void> {
  await page.locator('.grid-row:not(.loading) .grid-cell[data-column="3"]').first().waitFor({ timeout: 60_000 });
}

/** The text of the cell at a view row and grid column (0-2 are the client columns). */
export function cell(page: Page, row: number, column: number) {
  return page.locator(`.grid-cell[data-row="${row}"][data-column="${column}"]`);
}

/** Logs the current user out through the top bar and logs `user` in (create them first, e.g. with POST /api/users). */
export async function switchUser(page: Page, baseUrl: string, user: { name: string; password: string }): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await logIn(page, baseUrl, user);
}
