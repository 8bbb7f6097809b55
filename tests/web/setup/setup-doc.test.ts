import { describe, expect, it } from 'vitest';
import { appendValue, readSetup, removeValue, setValue } from '../../../web/src/setup/setup-doc.ts';

const TEXT = `# Our setup
plans:
  - id: basic # the plan most clients are on
    lines:
      - { id: base, fee: "95.00" }
assignments:
  - { plan: basic, scope: default, from: "2020-01-01" }
`;

describe('setup text edited by the forms', () => {
  it('sets one value and keeps every comment and the flow style of the line it is in', () => {
    const text = setValue(TEXT, ['plans', 0, 'lines', 0, 'fee'], '99.00');
    expect(text).toBe(TEXT.replace('fee: "95.00"', 'fee: "99.00"'));
  });

  it('writes a decimal typed in a form as quoted text, so it stays exact', () => {
    expect(setValue(TEXT, ['plans', 0, 'lines', 0, 'fee'], '1.15')).toContain('fee: "1.15"');
  });

  it('adds a key inside a one-line object in the same style, and a new key of a block object as a block', () => {
    expect(setValue(TEXT, ['assignments', 0, 'until'], '2026-12-31')).toContain('- { plan: basic, scope: default, from: "2020-01-01", until: 2026-12-31 }');
    expect(setValue(TEXT, ['plans', 0, 'name'], 'Basic')).toContain('  - id: basic # the plan most clients are on\n    lines:\n');
    expect(readSetup(setValue(TEXT, ['plans', 0, 'name'], 'Basic')).data?.plans?.[0]?.name).toBe('Basic');
  });

  it('removes a key when its field is cleared', () => {
    const text = setValue(setValue(TEXT, ['assignments', 0, 'until'], '2026-12-31'), ['assignments', 0, 'until'], '');
    expect(text).toBe(TEXT);
  });

  it('appends to a list, creating the list when the setup has none, and removes an item', () => {
    const withModifier = appendValue(TEXT, ['modifiers'], { id: 'm', statistic: 'SecCalls', multiply: '2' });
    expect(readSetup(withModifier).data?.modifiers).toEqual([{ id: 'm', statistic: 'SecCalls', multiply: '2' }]);
    const twoAssignments = appendValue(TEXT, ['assignments'], { plan: 'basic', scope: { client: '1001' }, from: '2026-01-01' });
    expect(readSetup(twoAssignments).data?.assignments).toHaveLength(2);
    expect(removeValue(twoAssignments, ['assignments', 1])).toBe(TEXT);
  });

  it('leaves a text that is not YAML as it is, and says why the forms cannot show it', () => {
    const broken = 'plans: [\n';
    expect(setValue(broken, ['currency'], 'EUR')).toBe(broken);
    expect(readSetup(broken)).toMatchObject({ data: null, syntaxError: expect.stringContaining('') });
    expect(readSetup(broken).syntaxError).not.toBe('');
  });
});
