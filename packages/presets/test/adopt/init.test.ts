import { describe, expect, it } from 'vitest';
import { planInit } from '../../src/index.js';
import { fixture } from '../_helpers.js';

describe('planInit', () => {
  it('GIVEN a pnpm monorepo THEN one preset per app package, built from the root with its workspace', () => {
    const plan = planInit(fixture('pnpm-monorepo'), { name: 'shop' });
    expect(plan.infra).toContain("const app = new App({ name: 'shop' });");
    expect(plan.infra).toMatch(/new NestJs\(app, 'api', \{\n {2}source: '\.',\n {2}workspace: '@dropit\/api',/);
    expect(plan.found.some((f) => f.includes(': skipped,'))).toBe(true);
  });

  it('GIVEN a single Flask app THEN it is the app at the root, named after the folder', () => {
    const plan = planInit(fixture('flask-pip'));
    expect(plan.infra).toContain("new Flask(app, 'api', {\n  source: '.',");
    expect(plan.infra).toContain("const app = new App({ name: 'flask-pip' });");
  });
});
