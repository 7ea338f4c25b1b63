import { posix } from 'node:path';
import type { CiWorkflowModel } from '../ops/ci-workflow.js';

/** Where the workflow is written, in the output folder. */
export const CI_WORKFLOW_FILE = 'ci/github-deploy.yml';

const secret = (name: string) => `\${{ secrets.${name} }}`;

/**
 * The GitHub Actions workflow as a plain object (rendered as YAML): three jobs, each needing the
 * previous one, deploys never overlapping (one concurrency group, never cancelled). Pure.
 */
export function renderCiWorkflow(ci: CiWorkflowModel, project: string): Record<string, unknown> {
  const project_dir = posix.normalize(ci.projectDir);
  const out = posix.normalize(posix.join(project_dir, ci.outDir));
  const checkout = { uses: 'actions/checkout@v4' };
  return {
    name: `deploy ${project}`,
    on: { push: { branches: [ci.branch] }, workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: `deploy-${project}`, 'cancel-in-progress': false },
    jobs: {
      check: {
        name: 'generated files are up to date',
        'runs-on': 'ubuntu-latest',
        steps: [
          checkout,
          { uses: 'actions/setup-node@v4', with: { 'node-version': ci.nodeVersion } },
          { name: 'install', run: 'npm ci', 'working-directory': project_dir },
          { name: 'synth --check', run: 'npx synth --check', 'working-directory': project_dir },
        ],
      },
      build: {
        name: 'images build',
        needs: 'check',
        'runs-on': 'ubuntu-latest',
        steps: [
          checkout,
          {
            // Compose reads every ${VAR:?…} even to build: placeholders, never real secrets.
            name: 'placeholder .env',
            run: "sed -E 's/^([A-Za-z_][A-Za-z0-9_]*)=.*$/\\1=ci-placeholder/' .env.example > .env",
            'working-directory': out,
          },
          { name: 'docker compose build', run: 'docker compose build --pull', 'working-directory': out },
        ],
      },
      deploy: {
        name: 'deploy over SSH',
        needs: 'build',
        'runs-on': 'ubuntu-latest',
        environment: 'production',
        steps: [
          checkout,
          {
            name: 'SSH key and known host',
            run: [
              'install -m 700 -d ~/.ssh',
              'printf \'%s\\n\' "$SSH_KEY" > ~/.ssh/deploy_key',
              'chmod 600 ~/.ssh/deploy_key',
              'printf \'%s\\n\' "$KNOWN_HOSTS" > ~/.ssh/known_hosts',
            ].join('\n') + '\n',
            env: { SSH_KEY: secret(ci.sshKeySecret), KNOWN_HOSTS: secret(ci.knownHostsSecret) },
          },
          {
            name: './deploy.sh --host',
            run: './deploy.sh --host "$DEPLOY_HOST"',
            'working-directory': out,
            env: { DEPLOY_HOST: secret(ci.hostSecret), SSH_OPTS: '-i ~/.ssh/deploy_key -o StrictHostKeyChecking=yes' },
          },
        ],
      },
    },
  };
}
