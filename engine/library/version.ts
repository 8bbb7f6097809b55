/**
 * Semantic versions of library packages (MAJOR.MINOR.PATCH, https://semver.org): a package's
 * version goes up whenever what its formulas compute may change, so a site pinned to a version
 * knows the numbers it gets.
 */
import { z } from 'zod';

export interface Version {
  readonly kind: 'version';
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const VERSION_PATTERN = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/** A version text as a package manifest writes it. */
export const versionSchema = z.string().regex(VERSION_PATTERN, 'is a semantic version MAJOR.MINOR.PATCH, e.g. 1.4.0');

/**
 * The version a text names, or undefined when it names none.
 * @example parseVersion('1.4.0') // { kind: 'version', major: 1, minor: 4, patch: 0 }
 */
export function parseVersion(text: string): Version | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { kind: 'version', major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Negative when `a` comes before `b`, 0 when equal, positive after.
 * @example compareVersions('1.10.0', '1.9.3') > 0 // true
 */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [mustParse(a), mustParse(b)];
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export type BumpLevel = 'major' | 'minor' | 'patch';

/**
 * The next version at `level`; lower parts start again at 0.
 * @example bumpVersion('1.4.2', 'minor') // '1.5.0'
 */
export function bumpVersion(text: string, level: BumpLevel): string {
  const v = mustParse(text);
  if (level === 'major') return `${v.major + 1}.0.0`;
  if (level === 'minor') return `${v.major}.${v.minor + 1}.0`;
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

function mustParse(text: string): Version {
  const version = parseVersion(text);
  if (!version) throw new RangeError(`not a semantic version: ${text}`);
  return version;
}
