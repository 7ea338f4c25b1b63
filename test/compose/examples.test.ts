import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeSchema, validateComposeDocument } from '@slipway/constructs';
import { ROOT, synth } from '../_support/workspace.js';

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((e) => existsSync(join(ROOT, 'examples', e, 'infra.ts')));
const DCLINT = join(ROOT, 'node_modules/.bin/dclint');

/**
 * Every compose-like file committed under an example's output folders: `deploy/`, and `deploy-<name>/`
 * when its infra.ts synthesizes more than one App (e.g. dropit's `deploy-dokploy/`).
 */
function composeFiles(example: string): string[] {
  const root = join(ROOT, 'examples', example);
  const outdirs = readdirSync(root).filter((d) => d === 'deploy' || d.startsWith('deploy-'));
  return outdirs.flatMap((d) => ['docker-compose.yml', 'stack.yml'].map((f) => join(root, d, f))).filter(existsSync);
}

describe('examples', () => {
  it('there is at least the quickstart', () => {
    expect(EXAMPLES).toContain('quickstart');
  });

  for (const example of EXAMPLES) {
    it(`GIVEN examples/${example} THEN its committed output is up to date (synth --check)`, () => {
      const r = synth(join(ROOT, 'examples', example), ['--check']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });

    it(`GIVEN examples/${example} THEN dclint finds no errors and the schema accepts its compose files`, () => {
      const files = composeFiles(example);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const lint = spawnSync(DCLINT, [file, '--formatter', 'json'], { encoding: 'utf8', timeout: 30_000 });
        const [report] = JSON.parse(lint.stdout) as Array<{ errorCount: number; messages: unknown[] }>;
        expect(report!.messages.filter((m) => (m as { type: string }).type === 'error')).toEqual([]);
        expect(validateComposeDocument(parse(readFileSync(file, 'utf8')))).toEqual([]);
      }
    });
  }
});

describe('the Compose Specification schema', () => {
  it('GIVEN the vendored copy THEN it is the one dclint ships (run scripts/sync-compose-schema.mjs after upgrading dclint)', () => {
    const require = createRequire(import.meta.url);
    const shipped = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
    const vendored = JSON.parse(readFileSync(join(ROOT, 'packages/constructs/schemas/compose-spec.json'), 'utf8'));
    expect(vendored).toEqual(JSON.parse(readFileSync(shipped, 'utf8')));
    expect(composeSchema()).toHaveProperty('properties.services');
  });

  it('GIVEN the precompiled validator THEN it matches the vendored schema (run packages/constructs/scripts/compile-compose-validator.mjs)', async () => {
    const script = join(ROOT, 'packages/constructs/scripts/compile-compose-validator.mjs');
    const { generateValidatorSource } = (await import(script)) as { generateValidatorSource: () => string };
    const committed = readFileSync(join(ROOT, 'packages/constructs/src/compose/_compose-validator.generated.ts'), 'utf8');
    expect(committed === generateValidatorSource()).toBe(true);
  });

  it('GIVEN an invalid document THEN reports where and why', () => {
    expect(validateComposeDocument({ services: { api: { image: 'x:1', restart: 3, bogus: true } } })).toEqual([
      '/services/api additionalProperties must NOT have additional properties ("bogus")'.replace('additionalProperties ', ''),
      '/services/api/restart must be string',
    ]);
  });

  it('GIVEN dclint itself THEN it runs (the tool the examples are judged by)', () => {
    expect(execFileSync(DCLINT, ['--version'], { encoding: 'utf8' })).toMatch(/\d+\.\d+\.\d+/);
  });
});
