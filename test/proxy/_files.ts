import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A world-readable temp folder (nginx workers run as nobody). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Writes every synthesized file under `dir`, keeping modes. */
export function writeOutput(dir: string, files: Readonly<Record<string, string>>, modes: Readonly<Record<string, number>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content, { mode: modes[path] });
  }
}

/** Replaces container paths by test folders: the test-only path mapping. */
export function mapPaths(text: string, mapping: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [from, to] of Object.entries(mapping)) out = out.split(from).join(to);
  return out;
}

/** A self-signed RSA certificate where certbot would put it: `<root>/live/<name>/{fullchain,privkey}.pem`. */
export function selfSignedCertificate(root: string, name: string, hosts: readonly string[]): void {
  const live = join(root, 'live', name);
  mkdirSync(live, { recursive: true });
  const r = spawnSync('openssl', [
    'req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-days', '2', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    '-keyout', join(live, 'privkey.pem'), '-out', join(live, 'fullchain.pem'),
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}
