/**
 * Test support: a setup with one line and no minimum or fee, so an account's invoice is its messages
 * delivered at 0.25 and a change to MsgDlvrd can be priced in a test from the statistic alone.
 */
export const MESSAGES_ONLY_SETUP = `currency: USD
plans:
  - id: messages
    lines:
      - { id: messages, label: Messages delivered, statistic: MsgDlvrd, price: "0.25" }
assignments:
  - { plan: messages, scope: default, from: "2020-01-01" }
`;
