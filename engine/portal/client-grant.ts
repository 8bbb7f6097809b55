/**
 * What a client user of the customer portal may see: the IS clients named by number, and every
 * client whose BillingCode is one of the codes. A grant is resolved against each snapshot, so a
 * client later given a granted billing code is seen in the periods where it carries that code.
 */
export interface ClientGrant {
  /** IS ClientNumber values, as decimal strings (the column is numeric(18,0)). */
  readonly clientNumbers: readonly string[];
  /** IS BillingCode values. */
  readonly billingCodes: readonly string[];
}

/** Whether the grant names no client at all: such a user sees nothing. */
export const isEmptyGrant = (grant: ClientGrant): boolean => grant.clientNumbers.length === 0 && grant.billingCodes.length === 0;
