/**
 * Unsaved edits of a setup survive leaving the view (another view, another snapshot, a reload) for
 * the browser session: kept per setup with the version they were made on, and given back only on
 * that same version (after someone saved a newer one, they would overwrite it unseen).
 */
const keyOf = (name: string) => `ctb.setup-edits.${name}`;

export function keepEdits(name: string, version: number, text: string): void {
  sessionStorage.setItem(keyOf(name), JSON.stringify({ version, text }));
}

export function forgetEdits(name: string): void {
  sessionStorage.removeItem(keyOf(name));
}

/** The edits kept for `name` made on `version`, if any. */
export function keptEdits(name: string, version: number): string | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(keyOf(name)) ?? 'null') as { version?: unknown; text?: unknown } | null;
    return kept && kept.version === version && typeof kept.text === 'string' ? kept.text : null;
  } catch {
    return null;
  }
}
