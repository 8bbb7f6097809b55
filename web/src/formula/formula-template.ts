/** The starting text of a formula that is not in the library yet (see formulas/README.md). */
export function newFormulaText(id: string): string {
  return `id: ${id}
title: ${id}
description: >-
  What this statistic counts, in words a billing manager can check.
unit: count
family: calls
variant: custom
sql: |
  SELECT e.cltId AS cltID, count(*) AS value
  FROM statCallEnd e
  WHERE e.Stamp BETWEEN $start AND $end
  GROUP BY e.cltId
tests:
  - name: counts calls that ended in the period
    rows:
      statCallEnd:
        - { callId: 1, cltId: 7, Stamp: '2026-10-05 10:02:01.100' }
    expect: { 7: 1 }
`;
}
