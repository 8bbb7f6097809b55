/**
 * The customer portal's settings: whether it is open, which statistics of the active release it
 * publishes (with titles and units a client understands), whether agent names show, its branding
 * and how often the current period is refreshed. One service for the admin routes, the command
 * line (`billing portal settings`) and the portal's data routes.
 */
import type { z } from 'zod';
import { portalSettings as settingsSchema } from '../api/portal-access-api.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database, Reader } from '../store/database.ts';
import { insertPortalSettings, latestPortalSettings } from '../store/portal-settings.ts';
import { companyProfile } from './company-profile.ts';

export type PortalSettings = z.output<typeof settingsSchema>;
export type PublishedStatistic = PortalSettings['publishedStatistics'][number];

export interface PortalSettingsDeps {
  readonly db: Database;
  readonly now: () => Date;
  readonly library: () => Promise<ActiveLibrary>;
}

/** What a new portal publishes, of the statistics the active release has: calls, talk time and messages. */
const DEFAULT_STATISTICS: readonly PublishedStatistic[] = [
  { id: 'Calls', title: 'Calls', unit: 'calls' },
  { id: 'SecTalkTime', title: 'Talk time', unit: 'seconds' },
  { id: 'MsgTaken', title: 'Messages taken', unit: 'messages' },
];

/** The portal is closed until an administrator opens it; it refreshes only when asked until a schedule is set. */
async function defaultSettings(db: Reader): Promise<PortalSettings> {
  const company = await companyProfile(db);
  return {
    enabled: false,
    publishedStatistics: [...DEFAULT_STATISTICS],
    showAgentNames: false,
    branding: {
      name: company.name,
      logoUrl: company.logo ? `data:${company.logo.type};base64,${company.logo.base64}` : null,
      colours: { primary: '#1f4e79', accent: '#2e7d32' },
    },
    refresh: { everyMinutes: null, source: 'demo' },
  };
}

const saved = new WeakMap<Database, Promise<PortalSettings | undefined>>();

/**
 * The portal's settings as they apply now: the newest saved (else the defaults), publishing only
 * statistics the active release still has (a later release may retire one).
 * @example const { publishedStatistics, showAgentNames } = await portalSettings(ctx); // [{ id: 'Calls', title: 'Calls', unit: 'calls' }], false
 */
export async function portalSettings(deps: Pick<PortalSettingsDeps, 'db' | 'library'>): Promise<PortalSettings> {
  const stored = await storedSettings(deps.db);
  const settings = stored ?? (await defaultSettings(deps.db));
  const ids = new Set((await deps.library()).formulas.map((formula) => formula.id));
  return { ...settings, publishedStatistics: settings.publishedStatistics.filter((statistic) => ids.has(statistic.id)) };
}

/** Whether the portal is open to client users (asked on every portal request, so without the release). */
export async function portalEnabled(deps: Pick<PortalSettingsDeps, 'db'>): Promise<boolean> {
  return (await storedSettings(deps.db))?.enabled ?? false;
}

/** The newest saved settings, read once per database until the next save (the only writer is this service). */
async function storedSettings(db: Database): Promise<PortalSettings | undefined> {
  let pending = saved.get(db);
  if (!pending) {
    pending = latestPortalSettings(db).then((stored) => (stored ? settingsSchema.parse(stored.settings) : undefined));
    saved.set(db, pending);
    pending.catch(() => saved.delete(db));
  }
  return pending;
}

/**
 * Saves the portal's settings, audited with each changed part as [before, after]. Each published
 * statistic must be one of the active release (400 naming the field); its id is taken as the release
 * spells it. A logo must be the image its data URL says.
 * @example await savePortalSettings(ctx, 'ada', { ...settings, enabled: true })
 */
export async function savePortalSettings(deps: PortalSettingsDeps, actor: string, wanted: PortalSettings): Promise<PortalSettings> {
  const library = await deps.library();
  const seen = new Set<string>();
  const publishedStatistics = wanted.publishedStatistics.map((statistic, i) => {
    const field = `settings.publishedStatistics.${i}.id`;
    const formula = library.index.get(statistic.id.toLowerCase());
    if (!formula) throw new ApiError(400, 'unknown_statistic', `no statistic ${statistic.id} in the active release ${library.release.name}`, field);
    if (seen.has(formula.id)) throw new ApiError(400, 'duplicate_statistic', `${formula.id} is published twice`, field);
    seen.add(formula.id);
    return { ...statistic, id: formula.id };
  });
  if (wanted.branding.logoUrl) checkLogo(wanted.branding.logoUrl);
  const settings: PortalSettings = { ...wanted, publishedStatistics };
  const before = await portalSettings(deps);
  try {
    await deps.db.transaction(async (tx) => {
      const version = await insertPortalSettings(tx, settings, actor, deps.now());
      await appendAudit(tx, { actor, action: 'portal.settings', target: `portal-settings:${version}`, detail: changes(before, settings) }, deps.now());
    });
  } finally {
    saved.delete(deps.db);
  }
  return portalSettings(deps);
}

/** Each top-level part that changed as [before, after]; a logo as its type and size, not its bytes. */
function changes(before: PortalSettings, after: PortalSettings): Record<string, [unknown, unknown]> {
  const shown = (settings: PortalSettings) => ({ ...settings, branding: { ...settings.branding, logoUrl: logoSummary(settings.branding.logoUrl) } });
  const [a, b] = [shown(before), shown(after)];
  const keys = Object.keys(b) as (keyof typeof b)[];
  return Object.fromEntries(keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).map((key) => [key, [a[key], b[key]]]));
}

const logoSummary = (url: string | null) =>
  url === null ? null : `${url.slice(5, url.indexOf(';'))}, ${Math.floor(((url.length - url.indexOf(',') - 1) * 3) / 4)} bytes`;

/** The first bytes of each image type the portal's logo may be. */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
  gif: [0x47, 0x49, 0x46, 0x38],
  webp: [0x52, 0x49, 0x46, 0x46],
};

function checkLogo(url: string): void {
  const type = /^data:image\/(\w+);base64,/.exec(url)?.[1] ?? '';
  const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  const signature = SIGNATURES[type] ?? [];
  if (bytes.length === 0 || !signature.every((byte, i) => bytes[i] === byte))
    throw new ApiError(400, 'bad_logo', `the logo is not the ${type.toUpperCase()} image its data URL says`, 'settings.branding.logoUrl');
}
