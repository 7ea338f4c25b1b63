import { App as CoreApp, EnvFile, Validation, YamlFile, type AppProps as CoreAppProps, type IFileProducer, type OutputFile, type ScalarStyle } from '@slipway/core';
import { dirname } from 'node:path';
import { activeSession } from '@slipway/core';
import { checkUniqueness } from './_uniqueness.js';
import { checkComposeText } from './compose/compose-checks.js';
import { renderCompose } from './compose/render-compose.js';
import { envExampleSections } from './env-example.js';
import { buildModel } from './model/build-model.js';
import type { DeploymentModel } from './model/deployment-model.js';

/** Properties of a Slipway {@link App}. */
export interface AppProps extends CoreAppProps {
  /**
   * `production` serves every Domain over HTTPS; `local` serves the same routes over plain HTTP
   * on localhost, for development. Default: `production`.
   */
  readonly mode?: 'production' | 'local';
}

/** Name of the Compose file in the output folder. */
export const COMPOSE_FILE = 'docker-compose.yml';

/**
 * The root of a deployment. Synthesizing it writes `docker-compose.yml`, `.env.example` and
 * everything the constructs under it need.
 *
 * @example
 * const app = new App({ name: 'shop' });
 * const db = new Postgres(app, 'db', { version: '16' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/shop-api:2.3.1', env: { DATABASE_URL: db.url } });
 * app.synth();
 */
export class App extends CoreApp implements IFileProducer {
  readonly mode: 'production' | 'local';
  private cachedModel?: DeploymentModel;

  constructor(props: AppProps = {}) {
    super(props);
    this.mode = props.mode ?? 'production';
    Validation.add(this, () => checkUniqueness(this, (c) => (c.node.path ? `${this.name}/${c.node.path}` : this.name)));
  }

  /** The deployment model, built once per synth from the validated tree. */
  get model(): DeploymentModel {
    this.cachedModel ??= buildModel(this, { name: this.name, mode: this.mode, displayRoot: this.name }, this.modelPaths());
    return this.cachedModel;
  }

  produceFiles(): OutputFile[] {
    this.cachedModel = undefined; // the tree may have changed since the last synth
    const model = this.model;
    const compose = new YamlFile(COMPOSE_FILE, () => renderCompose(model), { scalarStyle: composeScalarStyle });
    compose.addCheck((text) => checkComposeText(text, model));
    return [compose, new EnvFile('.env.example', envExampleSections(model))];
  }

  private modelPaths() {
    const session = activeSession();
    const programDir = session?.baseDir ?? (process.argv[1] ? dirname(process.argv[1]) : process.cwd());
    return { programDir, outdir: session?.out ?? this.outdir };
  }
}

/**
 * Ports and users are always quoted: unquoted `80:80` is a base-60 number to YAML 1.1 readers.
 * Single quotes, as dclint's require-quotes-in-ports rule expects.
 */
function composeScalarStyle(keys: readonly string[]): ScalarStyle {
  const key = keys[keys.length - 1];
  return key === 'ports' || key === 'user' || key === 'expose' ? 'single' : undefined;
}
