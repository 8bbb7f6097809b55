/**
 * Reads a legacy Billing Export 200 file of either format, told apart by content (an XLSX file is
 * a ZIP archive, "PK\x03\x04"), not by name, so an upload named .csv that is a workbook still reads.
 */
import { EngineError } from '../errors.ts';
import { isUtf16, readLegacyCsv } from './import-csv.ts';
import { readLegacyXlsx } from './import-xlsx.ts';
import type { LegacyExport, MappingLookup } from './legacy-export.ts';

/** @example await importLegacyExport(readFileSync('october.xlsx'), 'october.xlsx') */
export async function importLegacyExport(data: Uint8Array, file: string, mappingFor?: MappingLookup): Promise<LegacyExport> {
  if (isZip(data)) return readLegacyXlsx(data, file, mappingFor);
  if (/\.xlsx?$/i.test(file)) {
    const hint = /\.xls$/i.test(file) ? ' (an old .xls workbook: save it as .xlsx or CSV)' : '';
    throw new EngineError('import_file_type', `${file} is named like a workbook but is not an XLSX file${hint}`, { file });
  }
  if (!isUtf16(data) && data.includes(0)) throw new EngineError('import_file_type', `${file} is neither CSV text nor an XLSX workbook`, { file });
  return readLegacyCsv(data, file, mappingFor);
}

function isZip(data: Uint8Array): boolean {
  return data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}
