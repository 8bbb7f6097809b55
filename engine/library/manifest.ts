/**
 * A library package's manifest, `<package>/package.yaml`: its name (the folder's name), semantic
 * version, licence and maintainers. Parsed once against a schema that is also the type; an error
 * names the file, line, column and field.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { parseYamlFile, type ParsedYaml } from '../yaml-file.ts';
import { versionSchema } from './version.ts';

/** A package's name: lower-case words joined by `-`, as its folder is named. */
export const packageNameSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a package is named in lower-case words joined by -, e.g. amtelco-be200')
  .max(64);

const maintainerSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email().optional(),
  site: z.string().min(1).optional(),
});

export const manifestSchema = z.strictObject({
  name: packageNameSchema,
  version: versionSchema,
  description: z.string().min(1).optional(),
  // An SPDX identifier (https://spdx.org/licenses/), e.g. CC-BY-4.0 or MIT.
  licence: z.string().regex(/^[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*$/, 'is an SPDX licence identifier, e.g. CC-BY-4.0'),
  maintainers: z.array(maintainerSchema).min(1, 'a package has at least one maintainer'),
});

export type Manifest = z.infer<typeof manifestSchema>;

export interface ParsedManifest {
  readonly manifest: Manifest;
  readonly locate: ParsedYaml<Manifest>['locate'];
}

/**
 * Parses a manifest; its name must be the name of the folder that holds it.
 * @example parseManifest(text, 'amtelco-be200/package.yaml', 'amtelco-be200').manifest.version // '1.0.0'
 */
export function parseManifest(text: string, file: string, folder: string): ParsedManifest {
  const { data, locate } = parseYamlFile(text, file, manifestSchema);
  if (data.name !== folder) {
    throw new EngineError('file_field', `name: the package is named ${data.name} but its folder is ${folder}`, { file, ...locate(['name']), field: 'name' });
  }
  return { manifest: data, locate };
}

/**
 * A manifest as YAML text, fields in their usual order.
 * @example renderManifest({ name: 'amtelco-be200', version: '1.0.0', licence: 'CC-BY-4.0', maintainers: [{ name: 'A' }] })
 */
export function renderManifest(manifest: Manifest): string {
  const lines = [`name: ${manifest.name}`, `version: ${manifest.version}`];
  if (manifest.description) lines.push(`description: ${JSON.stringify(manifest.description)}`);
  lines.push(`licence: ${manifest.licence}`, 'maintainers:');
  for (const m of manifest.maintainers) {
    lines.push(`  - name: ${JSON.stringify(m.name)}`);
    if (m.email) lines.push(`    email: ${m.email}`);
    if (m.site) lines.push(`    site: ${JSON.stringify(m.site)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The manifest text with its version replaced, everything else as written.
 * @example withVersion('name: x\nversion: 1.0.0\n', '1.1.0') // 'name: x\nversion: 1.1.0\n'
 */
export function withVersion(text: string, version: string): string {
  return text.replace(/^version:.*$/m, `version: ${version}`);
}

/**
 * The version a manifest text states, read without the schema (an older manifest still tells it).
 * @example versionIn('name: x\nversion: "1.2.0"\n') // '1.2.0'
 */
export function versionIn(text: string): string | undefined {
  return /^version:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
}
