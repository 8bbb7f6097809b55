import { describe, expect, it } from 'vitest';
import { addChangelogEntry, changelogEntries } from '../../../engine/library/changelog.ts';
import { changelogProblems } from '../../../engine/library/version-check.ts';

const changelog = ['# Changelog', '', 'Intro.', '', '## [1.1.0] - 2026-12-01', '', '- SecCalls: ...', '', '## 1.0.0 - 2026-11-01', '', '- First.', ''].join(
  '\n',
);

describe('package changelogs', () => {
  it('list the version of each heading with its line, bracketed or not', () => {
    expect(changelogEntries(changelog)).toEqual([
      { version: '1.1.0', line: 5 },
      { version: '1.0.0', line: 9 },
    ]);
  });

  it('take a new entry above the newest one, below the title', () => {
    const added = addChangelogEntry(changelog, '1.2.0', '2026-12-05', ['AnsweredCalls: counts Talk1 too']);
    expect(changelogEntries(added).map((entry) => entry.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(added).toContain('Intro.\n\n## 1.2.0 - 2026-12-05\n\n- AnsweredCalls: counts Talk1 too\n\n## [1.1.0]');
  });

  it('take a first entry after the title when there is none', () => {
    expect(addChangelogEntry('# Changelog\n', '0.1.0', '2026-12-05', ['First.'])).toBe('# Changelog\n\n## 0.1.0 - 2026-12-05\n\n- First.\n');
  });

  it('are a problem when they have no entry for the current version', () => {
    expect(changelogProblems(changelog, '1.1.0', 'p/CHANGELOG.md')).toEqual([]);
    const [problem] = changelogProblems(changelog, '1.2.0', 'p/CHANGELOG.md');
    expect(problem?.describe()).toBe('p/CHANGELOG.md:1:1: changelog: no entry for version 1.2.0 (a heading "## 1.2.0 - YYYY-MM-DD")');
  });
});
