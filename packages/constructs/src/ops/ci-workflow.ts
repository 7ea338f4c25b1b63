import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';

/** Properties of a {@link CiWorkflow}. */
export interface CiWorkflowProps {
  /** Branch whose pushes deploy. @default 'main' */
  readonly branch?: string;
  /** Folder of infra.ts, relative to the repository root. @default '.' */
  readonly projectDir?: string;
  /** Repository secret holding the SSH destination, `user@server`. @default 'DEPLOY_HOST' */
  readonly hostSecret?: string;
  /** Repository secret holding the private key of the deploy user. @default 'DEPLOY_SSH_KEY' */
  readonly sshKeySecret?: string;
  /** Repository secret holding the server's `known_hosts` lines (`ssh-keyscan server`). @default 'DEPLOY_KNOWN_HOSTS' */
  readonly knownHostsSecret?: string;
  /** Node.js major version on the runner (synth runs on it). @default '22' */
  readonly nodeVersion?: string;
}

/** What the workflow renderer reads. */
export interface CiWorkflowModel {
  readonly path: string;
  readonly branch: string;
  readonly projectDir: string;
  /** The output folder, relative to the project folder. */
  readonly outDir: string;
  readonly hostSecret: string;
  readonly sshKeySecret: string;
  readonly knownHostsSecret: string;
  readonly nodeVersion: string;
}

const CI_SYMBOL = Symbol.for('@slipway/constructs.CiWorkflow');
const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Opt-in GitHub Actions workflow, written to `ci/github-deploy.yml` in the output folder (copy it
 * to `.github/workflows/`): on a push to the branch, `synth --check` (the committed output is up
 * to date), `docker compose build` (the images build), then `./deploy.sh --host` with the key and
 * the host from the repository's secrets. Images are built on the server, as `deploy.sh` does.
 *
 * @example
 * new CiWorkflow(app, 'ci', { projectDir: 'infra' });
 */
export class CiWorkflow extends Construct {
  static isCiWorkflow(x: unknown): x is CiWorkflow {
    return typeof x === 'object' && x !== null && CI_SYMBOL in x;
  }

  readonly props: Required<CiWorkflowProps>;

  constructor(scope: Construct, id: string, props: CiWorkflowProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CI_SYMBOL, { value: true });
    this.props = {
      branch: props.branch ?? 'main',
      projectDir: props.projectDir ?? '.',
      hostSecret: props.hostSecret ?? 'DEPLOY_HOST',
      sshKeySecret: props.sshKeySecret ?? 'DEPLOY_SSH_KEY',
      knownHostsSecret: props.knownHostsSecret ?? 'DEPLOY_KNOWN_HOSTS',
      nodeVersion: props.nodeVersion ?? '22',
    };
    const a = Annotations.of(this);
    const p = this.props;
    for (const key of ['hostSecret', 'sshKeySecret', 'knownHostsSecret'] as const) {
      if (!SECRET_NAME.test(p[key])) a.addError(`${key} "${p[key]}" is not a GitHub secret name (A-Z, 0-9 and _, not starting with a digit).`, `set ${key}: 'DEPLOY_HOST'-like names.`);
    }
    if (!/^[A-Za-z0-9._/-]+$/.test(p.branch)) a.addError(`branch "${p.branch}" is not a plain branch name.`, "set branch: 'main'.");
    if (p.projectDir.startsWith('/') || p.projectDir.split('/').includes('..') || !/^[A-Za-z0-9._/-]+$/.test(p.projectDir)) {
      a.addError(`projectDir "${p.projectDir}" must be a plain path inside the repository.`, "set projectDir: '.' (infra.ts at the root) or e.g. 'infra'.");
    }
    const outDir = (this.node.root as { outdirOption?: string }).outdirOption ?? 'deploy';
    if (outDir.startsWith('/')) a.addError(`the App's outdir "${outDir}" is absolute: the workflow needs it relative to infra.ts.`, "set the App's outdir: 'deploy'.");
    if (!/^\d+$/.test(p.nodeVersion)) a.addError(`nodeVersion "${p.nodeVersion}" must be a major version such as '22'.`, "set nodeVersion: '22'.");
  }

  /** The model; the output folder is the App's (relative to infra.ts). */
  toModel(path: string): CiWorkflowModel {
    const outDir = (this.node.root as { outdirOption?: string }).outdirOption ?? 'deploy';
    return { path, outDir, ...this.props };
  }
}
