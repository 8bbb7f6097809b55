/** A formula package's format as a schema: what `billing formula export` writes and import reads. */
import { z } from 'zod';

export const PACKAGE_FORMAT = 'call-theory-billing/formula-package@1';

export const packageSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  name: z.string().min(1),
  createdAt: z.string(),
  formulas: z.array(z.strictObject({ id: z.string(), path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), text: z.string() })),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type FormulaPackage = z.infer<typeof packageSchema>;
