/**
 * The setup file's billing status and prepaid blocks: whom not to bill (inactive IS clients,
 * cancellations with their last billed day, exclusions) and units bought ahead. Pure (zod only),
 * so the setup editor checks the same rules as the server.
 *
 *   billingStatus:
 *     inactiveClients: not-billed        # or billed: the IS client's Inactive flag
 *     cancelled: [{ client: 1042, until: '2026-10-14', reason: Closed the office }]
 *     excluded: [{ account: HOUSE, reason: House account }]
 *   prepaid:
 *     - { id: block-1, account: BC7, line: live, units: 1000, from: '2026-09-01' }
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { exact } from './money.ts';
import type { BillingStatusRules, PrepaidBlock, StatusScope } from './model.ts';

interface Parts {
  readonly identifier: z.ZodType<string>;
  readonly clientNumber: z.ZodType<string | number>;
  readonly day: z.ZodType<string>;
  readonly nonNegative: z.ZodType<string | number>;
}

/** The schemas, built from the setup file's own field rules. */
export function statusSchemas({ identifier, clientNumber, day, nonNegative }: Parts) {
  const who = { client: clientNumber.optional(), account: z.string().min(1).optional() };
  const oneOf = { message: 'name either a client or an account', path: ['client'] };
  const cancelled = z
    .strictObject({ ...who, until: day, reason: z.string().min(1).optional() })
    .refine((entry) => (entry.client === undefined) !== (entry.account === undefined), oneOf);
  const excluded = z
    .strictObject({ ...who, reason: z.string().min(1).optional() })
    .refine((entry) => (entry.client === undefined) !== (entry.account === undefined), oneOf);
  return {
    billingStatus: z
      .strictObject({
        inactiveClients: z.enum(['not-billed', 'billed'], { error: 'inactiveClients: not-billed (the default) or billed' }).default('not-billed'),
        cancelled: z.array(cancelled).default([]),
        excluded: z.array(excluded).default([]),
      })
      .optional(),
    prepaid: z
      .array(
        z.strictObject({
          id: identifier,
          account: z.string().min(1),
          line: identifier,
          units: nonNegative.refine((value) => Number(value) > 0, 'must be above 0'),
          from: day,
        }),
      )
      .default([]),
  };
}

/** A prepaid block draws on a usage line: one some plan has, else the block would never be drawn. */
export function checkPrepaid(
  data: Pick<StatusData, 'prepaid'>,
  usageLines: readonly string[],
  locate: (path: readonly (string | number)[]) => { line: number; column: number },
  file: string,
): void {
  data.prepaid.forEach((block, i) => {
    if (!usageLines.includes(block.line)) {
      throw new EngineError('file_field', `prepaid block ${block.id} draws on line ${block.line}, which no plan has as a usage line`, {
        file,
        ...locate(['prepaid', i, 'line']),
        field: `prepaid.${i}.line`,
      });
    }
  });
}

type StatusData = {
  readonly billingStatus?:
    | {
        readonly inactiveClients: 'not-billed' | 'billed';
        readonly cancelled: readonly { client?: string | number | undefined; account?: string | undefined; until: string; reason?: string | undefined }[];
        readonly excluded: readonly { client?: string | number | undefined; account?: string | undefined; reason?: string | undefined }[];
      }
    | undefined;
  readonly prepaid: readonly { id: string; account: string; line: string; units: string | number; from: string }[];
};

/** The model's billing status and prepaid blocks from the parsed file (absent when the file has none). */
export function toStatusRules(data: StatusData): { status?: BillingStatusRules; prepaid?: readonly PrepaidBlock[] } {
  const scopeOf = (entry: { client?: string | number | undefined; account?: string | undefined }): StatusScope =>
    entry.client !== undefined ? { kind: 'client', clientNumber: String(entry.client) } : { kind: 'account', account: entry.account ?? '' };
  const reason = (text: string | undefined) => (text === undefined ? {} : { reason: text });
  const status = data.billingStatus;
  return {
    ...(status
      ? {
          status: {
            inactiveClients: status.inactiveClients,
            cancelled: status.cancelled.map((entry) => ({ scope: scopeOf(entry), until: entry.until, ...reason(entry.reason) })),
            excluded: status.excluded.map((entry) => ({ scope: scopeOf(entry), ...reason(entry.reason) })),
          },
        }
      : {}),
    ...(data.prepaid.length > 0 ? { prepaid: data.prepaid.map((block) => ({ ...block, units: exact(block.units) })) } : {}),
  };
}
