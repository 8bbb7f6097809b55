/** Test support: the text of a PDF (pages joined), and the entries of a ZIP, as a reader of the file would see them. */
import { unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';

/** The PDF's text, one string per page. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** The PDF's text, pages joined by a blank line. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPages(bytes)).join('\n\n');
}

/** A ZIP's entries, by name. */
export function zipEntries(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(bytes));
}
