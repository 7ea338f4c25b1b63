// Reads V8 .cpuprofile files written by `node --cpu-prof` and says where the time went:
// self time per category (by script URL) and inclusive time of a few functions of interest.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ordered: the first matching rule names the category of a frame. */
const CATEGORIES = [
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
  ['idle (waiting: I/O, esbuild, loader thread)', (f) => f.functionName === '(idle)'],
  ['V8/native (program)', (f) => f.functionName === '(program)' || f.functionName === '(root)'],
  ['user program (infra.ts)', (f) => /infra\.ts/.test(f.url)],
  ['esbuild (transpiling infra.ts)', (f) => /\/esbuild\//.test(f.url)],
  ['ajv (compose schema: compile, or the precompiled validator)', (f) => /\/ajv\/|\/fast-uri\/|\/fast-deep-equal\/|_compose-validator\.generated/.test(f.url)],
  ['yaml (render and parse)', (f) => /\/yaml\//.test(f.url)],
  ['constructs library (tree)', (f) => /\/constructs\/lib\//.test(f.url)],
  ['@slipway/core', (f) => /packages\/core\//.test(f.url) || /@slipway\/core\//.test(f.url)],
  ['@slipway/constructs', (f) => /packages\/constructs\//.test(f.url) || /@slipway\/constructs\//.test(f.url)],
  ['other node_modules', (f) => /node_modules/.test(f.url)],
  ['Node internals (module loader, fs, bootstrap)', (f) => f.url.startsWith('node:') || f.url === ''],
  ['other', () => true],
];

/**
 * Synchronous spans worth reporting: [label, test(frame)]. A sample counts once per span when
 * any frame on its stack matches. (Async functions are not spans: their awaited parts run on
 * other stacks.)
 */
const SPANS = [
  ['App.synth (validate, model, render, checks)', (f) => f.functionName === 'synth' && /packages\/(core|constructs)\/dist\/(app|bundle)\.js/.test(f.url)],
  ['  buildModel', (f) => f.functionName === 'buildModel'],
  ['  Compose document checks', (f) => f.functionName === 'checkComposeDocument'],
  ['    Ajv validate (precompiled)', (f) => /^validate\d+$/.test(f.functionName)],
  ['  YAML writing', (f) => f.functionName === 'emitYaml'],
  ['writeOutput', (f) => f.functionName === 'writeOutput'],
];

function categoryOf(frame) {
  return CATEGORIES.find(([, test]) => test(frame))[0];
}

/** Self and inclusive milliseconds of one profile. */
export function analyseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const categories = {};
  const functions = new Map();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id).callFrame;
    const cat = categoryOf(frame);
    categories[cat] = (categories[cat] ?? 0) + ms;
    const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
  }
  // Inclusive span time: each sample counts once per span if any ancestor frame matches.
  const spans = {};
  for (const [label, test] of SPANS) {
    let ms = 0;
    for (const [id, self] of selfMs) {
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (test(byId.get(cur).callFrame)) {
          ms += self;
          break;
        }
      }
    }
    spans[label] = ms;
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const topFunctions = [...functions.entries()]
    .filter(([k]) => !/^\((idle|program|garbage collector|root)\)/.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  return { totalMs, categories, spans, topFunctions };
}

function shortUrl(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/packages\//, 'packages/');
}

/** Analyses every .cpuprofile in `dir` (one per thread: main + module-loader thread). */
export function analyseDir(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => ({ file: f, ...analyseProfile(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));
}
