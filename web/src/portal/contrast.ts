/**
 * Colour contrast as WCAG 2.2 defines it (relative luminance, ratio 1–21), so a brand's colours
 * are used only where text on them stays readable: white or ink text on the primary colour,
 * whichever reads better, and the primary colour as text on white darkened until it reaches 4.5:1.
 *
 *   contrastRatio('#ffffff', '#1f5fbf') // ≈ 6.1
 *   textColourOn('#ffd400')            // '#1d2330' (ink: white on yellow would not read)
 */
export const INK = '#1d2330';
export const WHITE = '#ffffff';
/** WCAG AA for normal text. */
export const READABLE = 4.5;

const HEX = /^#([0-9a-f]{6})$/i;

/** Whether `text` is a colour as the portal's settings hold one ("#rrggbb"). */
export const isHexColour = (text: string): boolean => HEX.test(text);

function channels(colour: string): [number, number, number] {
  const hex = (HEX.exec(colour)?.[1] ?? '000000').toLowerCase();
  return [0, 2, 4].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White or ink, whichever reads better on `background`. */
export const textColourOn = (background: string): string => (contrastRatio(WHITE, background) >= contrastRatio(INK, background) ? WHITE : INK);

/** `colour`, darkened in small steps until it reads on `background` (at least 4.5:1). */
export function readableOn(colour: string, background = WHITE): string {
  let [r, g, b] = channels(colour);
  let current = colour;
  for (let step = 0; step < 40 && contrastRatio(current, background) < READABLE; step++) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.92)) as [number, number, number];
    current = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return current;
}
