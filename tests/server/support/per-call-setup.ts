/**
 * A billing setup where money is calls: one invoice per client, each secretarial call 1.00, so a
 * change in SecCalls is exactly the change in money.
 */
export const PER_CALL_SETUP = `plans:
  - id: per-call
    lines:
      - { id: calls, label: Secretarial calls, statistic: SecCalls, price: '1.00' }
accounts:
  groupBy: client
assignments:
  - { plan: per-call, from: '2020-01-01' }
`;
