// After `tsc -b`: bundles each package's compiled modules into one file, dist/bundle.js, which the
// package exports. Node then loads three files instead of ~140 at every `synth` start (about 40 ms
// of a 0.3 s run). Dependencies, and the other @slipway packages, stay imports.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const { build } = require('esbuild');

/**
 * `constructs` is CommonJS. Imported from an ES module, Node first scans its source (and inline
 * source maps) for export names with cjs-module-lexer, which cost ~15 ms of every start; `require`
 * loads it without the scan. It stays one instance: ESM imports of it share the require cache.
 */
const CJS_BY_REQUIRE = ['constructs', 'esbuild'];
const requireCjs = {
  name: 'require-cjs',
  setup(b) {
    const filter = new RegExp(`^(${CJS_BY_REQUIRE.join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'require-cjs' ? { path: args.path, external: true } : { path: args.path, namespace: 'require-cjs' }));
    b.onLoad({ filter: /.*/, namespace: 'require-cjs' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

for (const pkg of ['core', 'constructs', 'presets']) {
  const dir = new URL(`../packages/${pkg}/`, import.meta.url).pathname;
  await build({
    entryPoints: [`${dir}dist/index.js`],
    outfile: `${dir}dist/bundle.js`,
    bundle: true,
    packages: 'external',
    plugins: [requireCjs],
    // esbuild's require shim calls the module's own `require` when one exists.
    banner: { js: "import { createRequire as __slipwayCreateRequire } from 'node:module';\nconst require = __slipwayCreateRequire(import.meta.url);" },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
