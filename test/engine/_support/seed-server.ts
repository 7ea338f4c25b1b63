import { Pebble, PEBBLE_DIRECTORY } from './pebble.js';
import type { EngineStack } from './stack.js';
import { standInBuilds } from './stand-in-builds.js';

/**
 * A seed example made ready as on a fresh server whose certificates come from pebble: its
 * infra.ts points acme.server at pebble, secrets are initialised, built services run the app
 * stand-in, and pebble is started. `stop()` ends pebble and removes the stack.
 */
export async function seedServer(stack: EngineStack): Promise<{ pebble: Pebble; stop: () => void }> {
  stack.edit((s) => s.replace('acme: { email: ', `acme: { server: '${PEBBLE_DIRECTORY}', email: `));
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
