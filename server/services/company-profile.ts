/**
 * The company profile invoices and credit notes carry (name, address, logo, payment terms, footer,
 * accounting codes), configured once per workspace and kept as versions: a finalised run's
 * documents show the version it was finalised with, whatever is saved later.
 */
import { z } from 'zod';
import { companyProfileFields } from '../api/invoices-api.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database, Reader } from '../store/database.ts';
import { timestamp } from '../store/database.ts';
import { WorkspaceError } from '../store/errors.ts';

export type CompanyProfileFields = z.output<typeof companyProfileFields>;

export interface CompanyProfile extends CompanyProfileFields {
  /** 0: nothing saved yet, the defaults. */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** What documents show before anyone configured the company. */
export const DEFAULT_PROFILE: CompanyProfile = { ...companyProfileFields.parse({ name: 'Your company' }), version: 0, updatedAt: null, updatedBy: null };

const rowSchema = z.object({ version: z.number(), profile: z.string(), created_by: z.string(), created_at: timestamp });

/** The latest profile, or the version given (a finalised run's); the defaults when none was saved. */
export async function companyProfile(db: Reader, version?: number): Promise<CompanyProfile> {
  if (version === 0) return DEFAULT_PROFILE;
  const [row] = await db.all('SELECT * FROM company_profiles WHERE $v IS NULL OR version = $v ORDER BY version DESC LIMIT 1', { v: version ?? null });
  if (!row) {
    if (version === undefined) return DEFAULT_PROFILE;
    throw new WorkspaceError('not_found', `no company profile version ${version}`);
  }
  const stored = rowSchema.parse(row);
  return { ...companyProfileFields.parse(JSON.parse(stored.profile)), version: stored.version, updatedAt: stored.created_at, updatedBy: stored.created_by };
}

const SIGNATURES = { 'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/jpeg': [0xff, 0xd8, 0xff] } as const;

/**
 * Saves a new version of the profile, audited. A logo must be the image its type says (PNG or JPEG
 * by its first bytes), so a document never fails to render later.
 * @example await saveCompanyProfile({ db, now }, 'bea', { name: 'Answer Co', paymentTermsDays: 14, ... }) // { version: 1, ... }
 */
export async function saveCompanyProfile(
  deps: { readonly db: Database; readonly now: () => Date },
  actor: string,
  fields: CompanyProfileFields,
): Promise<CompanyProfile> {
  if (fields.logo) checkLogo(fields.logo);
  const version = await deps.db.transaction(async (tx) => {
    const [row] = await tx.all('SELECT coalesce(max(version), 0) + 1 AS v FROM company_profiles');
    const next = z.coerce.number().parse(row?.v);
    const at = deps.now();
    await tx.run('INSERT INTO company_profiles VALUES ($version, $profile, $actor, $at::TIMESTAMP)', {
      version: next,
      profile: JSON.stringify(fields),
      actor,
      at: at.toISOString(),
    });
    const { logo, ...detail } = fields;
    await appendAudit(tx, { actor, action: 'company.profile', target: `company-profile:${next}`, detail: { ...detail, logo: logo ? logo.type : null } }, at);
    return next;
  });
  return companyProfile(deps.db, version);
}

function checkLogo(logo: NonNullable<CompanyProfileFields['logo']>): void {
  const bytes = Buffer.from(logo.base64, 'base64');
  const signature = SIGNATURES[logo.type];
  if (bytes.length === 0 || !signature.every((byte, i) => bytes[i] === byte))
    throw new ApiError(400, 'bad_logo', `the logo is not a ${logo.type === 'image/png' ? 'PNG' : 'JPEG'} image`, 'logo');
}
