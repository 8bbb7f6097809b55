/**
 * Which stored version of a setup a run billed with. A run records its setup's file name and the
 * sha256 of its text, not a version number, so the versions of that setup are hashed here the
 * same way and matched: `standard.yaml` + 3f2a… → "standard v2".
 */
import { call, endpoints } from '../api/client.ts';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The versions of setup `name` by the sha256 of their text. */
async function versionsByHash(name: string): Promise<Map<string, number>> {
  const { versions } = await call(endpoints.listSetupVersions, { params: { name } });
  const hashed = await Promise.all(
    versions.map(async ({ version }) => {
      const stored = await call(endpoints.showSetupVersion, { params: { name, version: String(version) } });
      return [await sha256Hex(stored.text), version] as const;
    }),
  );
  return new Map(hashed);
}

/**
 * A label for each run's setup: "name vN" when a stored version's text is the one billed, else the
 * file name as recorded (a setup file from the command line, a deleted setup, or a browser without
 * Web Crypto, which only secure origins have).
 */
export async function setupLabels(runs: readonly { readonly inputs: { readonly setup: { readonly file: string; readonly sha256: string } } }[]) {
  const names = [...new Set(runs.map((run) => run.inputs.setup.file.replace(/\.ya?ml$/, '')))];
  const known = new Map<string, Map<string, number>>();
  if (globalThis.crypto?.subtle)
    await Promise.all(names.map(async (name) => known.set(name, await versionsByHash(name).catch(() => new Map<string, number>()))));
  return (setup: { readonly file: string; readonly sha256: string }): string => {
    const name = setup.file.replace(/\.ya?ml$/, '');
    const version = known.get(name)?.get(setup.sha256);
    return version === undefined ? setup.file : `${name} v${version}`;
  };
}
