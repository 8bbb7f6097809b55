/**
 * Run as a child process by crash.test.ts: writes a new setup version in a transaction again and
 * again, printing "ack N" only after version N committed, until it is killed.
 */
import { openDatabase } from '../../../server/store/database.ts';
import { saveDocument } from '../../../server/store/documents.ts';

const db = await openDatabase(process.argv[2] as string);
const [row] = await db.all(`SELECT coalesce(max(version), 0) AS v FROM documents WHERE kind = 'setup' AND name = 'crash'`);
let version = Number(row?.v ?? 0);
for (;;) {
  const text = `version ${version + 1}\n${'x'.repeat(2000)}`;
  await db.transaction((tx) => saveDocument(tx, 'setup', 'crash', text, version, 'writer', new Date()));
  version++;
  process.stdout.write(`ack ${version}\n`);
}
