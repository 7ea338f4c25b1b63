import type { Plugin } from 'esbuild';
import { isBuiltin } from 'node:module';
import { pathToFileURL } from 'node:url';

const SKIP = Symbol('slipway-resolve');

/**
 * The program runs from a temporary module outside its folder (which may be read-only), so its
 * package imports cannot stay bare: this resolves each one from the importing file's folder, the
 * way Node would (esbuild with Node's conditions, see `nodeResolveOptions`), and imports it by
 * absolute URL. Packages still load natively, not bundled. `specifiers` maps each URL back to
 * what the program wrote, for error messages.
 */
export function resolvePackages(specifiers: Map<string, string>): Plugin {
  return {
    name: 'slipway-resolve-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === SKIP || args.kind === 'entry-point') return undefined;
        // require() goes through the createRequire of infra.ts (see the banner): leave it as written.
        if (isBuiltin(args.path) || args.kind === 'require-call' || args.kind === 'require-resolve') {
          return { path: args.path, external: true };
        }
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP });
        if (found.errors.length) return { errors: found.errors };
        // A tsconfig `paths` alias or `#import` pointing at the program's own files: bundle it.
        if (!found.path.includes('/node_modules/')) return { path: found.path };
        const url = pathToFileURL(found.path).href;
        specifiers.set(url, args.path);
        return { path: url, external: true };
      });
    },
  };
}

/** Build options that make esbuild's resolution match Node's for `import`. */
export const nodeResolveOptions = {
  conditions: [] as string[], // an explicit list drops esbuild's extra "module" condition; "node", "import", "default" remain
  mainFields: ['main'], // Node ignores the "module" field
  preserveSymlinks: true, // pnpm links workspace packages; the node_modules path marks them as packages
};
