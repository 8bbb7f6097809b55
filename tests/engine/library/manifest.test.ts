import { describe, expect, it } from 'vitest';
import { parseManifest, renderManifest, withVersion } from '../../../engine/library/manifest.ts';

const manifest = (lines: string[]) => `${lines.join('\n')}\n`;
const good = ['name: amtelco-be200', 'version: 1.2.0', 'licence: CC-BY-4.0', 'maintainers:', '  - name: Ana Ortiz', '    email: ana@example.org'];

describe('package manifests', () => {
  it('read name, version, licence and maintainers', () => {
    const { manifest: read } = parseManifest(manifest(good), 'amtelco-be200/package.yaml', 'amtelco-be200');
    expect(read).toEqual({ name: 'amtelco-be200', version: '1.2.0', licence: 'CC-BY-4.0', maintainers: [{ name: 'Ana Ortiz', email: 'ana@example.org' }] });
  });

  it('refuse a version that is not semantic, naming the line and field', () => {
    const text = manifest(good.map((line) => line.replace('1.2.0', '1.2')));
    expect(() => parseManifest(text, 'amtelco-be200/package.yaml', 'amtelco-be200')).toThrowError(
      expect.objectContaining({ location: expect.objectContaining({ file: 'amtelco-be200/package.yaml', line: 2, field: 'version' }) }),
    );
  });

  it('refuse a package without maintainers, and one without a licence', () => {
    const noMaintainers = manifest(good.slice(0, 3).concat('maintainers: []'));
    expect(() => parseManifest(noMaintainers, 'p/package.yaml', 'amtelco-be200')).toThrow(/at least one maintainer/);
    const noLicence = manifest(good.filter((line) => !line.startsWith('licence')));
    expect(() => parseManifest(noLicence, 'p/package.yaml', 'amtelco-be200')).toThrow(/licence/);
  });

  it('refuse a package whose name is not its folder', () => {
    expect(() => parseManifest(manifest(good), 'other/package.yaml', 'other')).toThrow(/named amtelco-be200 but its folder is other/);
  });

  it('refuse a field the manifest does not know', () => {
    expect(() => parseManifest(manifest([...good, 'homepage: x']), 'p/package.yaml', 'amtelco-be200')).toThrow(/homepage/);
  });

  it('render to a text that reads back the same, and change only the version line', () => {
    const value = { name: 'amtelco-be200', version: '0.1.0', licence: 'MIT', maintainers: [{ name: 'Site "A"', site: 'North' }] };
    expect(parseManifest(renderManifest(value), 'f', 'amtelco-be200').manifest).toEqual(value);
    expect(withVersion(manifest(good), '1.3.0')).toBe(manifest(good.map((line) => line.replace('1.2.0', '1.3.0'))));
  });
});
