import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from './engine.js';
import { Pebble, PEBBLE_DIRECTORY } from './pebble.js';
import type { EngineStack } from './stack.js';
import { standInBuilds } from './stand-in-builds.js';

/**
 * A seed example made ready as on a fresh server whose certificates come from pebble: its
 * infra.ts points acme.server at pebble, secrets are initialised (placeholders for those the user
 * provides), built services run the app stand-in, and pebble is started. `stop()` ends pebble and removes the stack.
 */
export async function seedServer(stack: EngineStack): Promise<{ pebble: Pebble; stop: () => void }> {
  stack.edit((s) => s.replace('acme: { email: ', `acme: { server: '${PEBBLE_DIRECTORY}', email: `));
  // As a user would: the secrets init-secrets.sh asks for (OAuth ids, API keys) get values.
  const first = sh('NONINTERACTIVE=1 ./init-secrets.sh', { cwd: stack.dir, timeoutMs: 60_000 });
  const asked = [...first.stderr.matchAll(/^ {2}- ([A-Z_][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  if (asked.length) appendFileSync(join(stack.dir, '.env'), asked.map((v) => `${v}=test-${v.toLowerCase()}\n`).join(''));
  stack.initSecrets();
  standInBuilds(stack.dir);
  const pebble = new Pebble();
  await pebble.start();
  return {
    pebble,
    stop: () => {
      pebble.stop();
      stack.destroy();
    },
  };
}
