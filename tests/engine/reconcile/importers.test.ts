/** Runs the importer contract against each legacy file format. */
import { csvOf, xlsxOf } from './legacy-files.ts';
import { describeImporterContract } from './importer.case.ts';

describeImporterContract({ name: 'CSV', extension: 'csv', write: async (table) => new TextEncoder().encode(csvOf(table)) });

describeImporterContract({ name: 'XLSX', extension: 'xlsx', write: (table) => xlsxOf(table) });
