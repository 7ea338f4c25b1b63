// After `tsc -b`: bundles each package's compiled modules into one file, dist/bundle.js, which the
// package exports. Node then loads three files instead of ~140 at every `synth` start (about 40 ms
// of a 0.3 s run). Dependencies, and the other @slipway packages, stay imports.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const { build } = require('esbuild');

for (const pkg of ['core', 'constructs', 'presets']) {
  const dir = new URL(`../packages/${pkg}/`, import.meta.url).pathname;
  await build({
    entryPoints: [`${dir}dist/index.js`],
    outfile: `${dir}dist/bundle.js`,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
