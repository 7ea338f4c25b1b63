import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { App, CiWorkflow, Domain, HealthCheck, Service, Testing } from '@slipway/constructs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The opt-in GitHub Actions workflow, validated by GitHub's own workflow parser
// (@actions/workflow-parser: the workflow schema and the conversion the Actions service applies).
async function githubErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors ?? []).map((e) => JSON.stringify(e)));
  }
  return errors;
}

function stack(ci?: ConstructorParameters<typeof CiWorkflow>[2]): App {
  const app = new App({ name: 'shop', outdir: 'deploy', acme: { email: 'ops@shop.example' } });
  const api = new Service(app, 'api', { build: { context: './api' }, port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  new Domain(app, 'site', { host: 'shop.example', to: api });
  if (ci) new CiWorkflow(app, 'ci', ci);
  return app;
}

describe('CiWorkflow', () => {
  it('GIVEN no CiWorkflow THEN no workflow is written', () => {
    expect(Object.keys(Testing.synth(stack()).files).some((f) => f.startsWith('ci/'))).toBe(false);
  });

  it('GIVEN a CiWorkflow THEN GitHub\'s workflow parser accepts ci/github-deploy.yml, and its jobs check, build and deploy over SSH in that order', async () => {
    const text = Testing.synth(stack({ projectDir: 'infra', branch: 'release' })).text('ci/github-deploy.yml');
    expect(await githubErrors('github-deploy.yml', text)).toEqual([]);
    const w = parse(text);
    expect(w.on.push.branches).toEqual(['release']);
    expect(w.jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['npm ci', 'npx synth --check']);
    expect(w.jobs.check.steps[3]['working-directory']).toBe('infra');
    expect(w.jobs.build.needs).toBe('check');
    expect(w.jobs.build.steps.at(-1)).toMatchObject({ run: 'docker compose build --pull', 'working-directory': 'infra/deploy' });
    expect(w.jobs.deploy.needs).toBe('build');
    expect(w.jobs.deploy.steps.at(-1)).toMatchObject({
      run: './deploy.sh --host "$DEPLOY_HOST"',
      'working-directory': 'infra/deploy',
      env: { DEPLOY_HOST: '${{ secrets.DEPLOY_HOST }}' },
    });
    expect(w.jobs.deploy.steps[1].env).toEqual({ SSH_KEY: '${{ secrets.DEPLOY_SSH_KEY }}', KNOWN_HOSTS: '${{ secrets.DEPLOY_KNOWN_HOSTS }}' });
    expect(w.concurrency).toEqual({ group: 'deploy-shop', 'cancel-in-progress': false });
  });

  it('GIVEN a broken workflow THEN the same parser reports it (the check can fail)', async () => {
    const text = Testing.synth(stack({})).text('ci/github-deploy.yml').replace('runs-on:', 'runs-onn:');
    expect((await githubErrors('broken.yml', text)).length).toBeGreaterThan(0);
  });

  it('GIVEN bad secret names, branch and folder THEN synth reports every one with its fix', () => {
    const app = stack({ hostSecret: 'deploy-host', sshKeySecret: '1KEY', branch: 'a b', projectDir: '../up', nodeVersion: 'lts' });
    const messages = Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => `${d.path}: ${d.message}`).join('\n');
    expect(messages).toContain('hostSecret "deploy-host" is not a GitHub secret name');
    expect(messages).toContain('sshKeySecret "1KEY" is not a GitHub secret name');
    expect(messages).toContain('branch "a b" is not a plain branch name');
    expect(messages).toContain('projectDir "../up" must be a plain path inside the repository');
    expect(messages).toContain('nodeVersion "lts" must be a major version');
  });
});
