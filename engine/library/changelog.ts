/**
 * A package's CHANGELOG.md, in the Keep a Changelog style (https://keepachangelog.com): one
 * `## <version> - <date>` heading per release, newest first, with what changed and why below it.
 */

export interface ChangelogEntry {
  readonly version: string;
  /** 1-based line of its heading. */
  readonly line: number;
}

const HEADING = /^##\s+\[?(\d+\.\d+\.\d+)\]?(?:\s|$)/;

/**
 * The versions the changelog has an entry for, in the order written.
 * @example changelogEntries('# Changes\n\n## 1.1.0 - 2026-12-05\n- ...')[0] // { version: '1.1.0', line: 3 }
 */
export function changelogEntries(text: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  text.split('\n').forEach((line, i) => {
    const match = HEADING.exec(line);
    if (match) entries.push({ version: match[1] as string, line: i + 1 });
  });
  return entries;
}

/**
 * The changelog with a new entry on top of the existing ones (after the title and its intro).
 * @example addChangelogEntry('# Changelog\n', '1.1.0', '2026-12-05', ['SecCalls: counts ...'])
 */
export function addChangelogEntry(text: string, version: string, date: string, items: readonly string[]): string {
  const entry = [`## ${version} - ${date}`, '', ...items.map((item) => `- ${item}`), ''].join('\n');
  const lines = text.split('\n');
  const firstEntry = lines.findIndex((line) => HEADING.test(line));
  if (firstEntry < 0) return `${text.replace(/\n*$/, '\n\n')}${entry}`;
  return [...lines.slice(0, firstEntry), entry, ...lines.slice(firstEntry)].join('\n');
}

/**
 * The date of a changelog heading: the UTC day.
 * @example changelogDay(new Date('2026-12-05T23:10:00Z')) // '2026-12-05'
 */
export function changelogDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
