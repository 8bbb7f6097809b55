/**
 * The answering service's branding on the portal's page: its name in the title, its colours as
 * CSS variables (`--brand-primary`, `--brand-on-primary`, `--brand-text`, `--brand-accent`), each
 * used only where its text contrast is readable (contrast.ts).
 */
import { isHexColour, readableOn, textColourOn } from './contrast.ts';
import type { Branding } from './portal-types.ts';

/** The portal's default look, before the branding is read or when a colour is not "#rrggbb". */
export const DEFAULT_COLOURS = { primary: '#1f5fbf', accent: '#0f7b6c' } as const;

export function applyBranding(brand: Branding, root: HTMLElement = document.documentElement): void {
  const primary = isHexColour(brand.colours.primary) ? brand.colours.primary : DEFAULT_COLOURS.primary;
  const accent = isHexColour(brand.colours.accent) ? brand.colours.accent : DEFAULT_COLOURS.accent;
  root.style.setProperty('--brand-primary', primary);
  root.style.setProperty('--brand-on-primary', textColourOn(primary));
  root.style.setProperty('--brand-text', readableOn(primary));
  root.style.setProperty('--brand-accent', accent);
  root.style.setProperty('--brand-accent-text', readableOn(accent));
  document.title = `${brand.name} — statistics`;
}
