// Copies the Compose Specification schema shipped by dclint (kept current by its maintainers)
// into @slipway/constructs, so the library validates without a lint tool at run time.
// Run after upgrading dclint: `node scripts/sync-compose-schema.mjs`. A test fails when they differ.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
const target = new URL('../packages/constructs/schemas/compose-spec.json', import.meta.url);
copyFileSync(source, target);
console.log(`copied ${source}`);
