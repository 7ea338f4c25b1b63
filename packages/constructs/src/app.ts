import { activeSession, App as CoreApp, Validation, type AppProps as CoreAppProps, type IFileProducer, type OutputFile } from '@slipway/core';
import { dirname } from 'node:path';
import { checkUniqueness } from './_uniqueness.js';
import { APP_RENDERERS } from './app-renderers.js';
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
    const input = { model: this.model };
    return APP_RENDERERS.flatMap((render) => render(input));
  }

  private modelPaths() {
    const session = activeSession();
    const programDir = session?.baseDir ?? (process.argv[1] ? dirname(process.argv[1]) : process.cwd());
    return { programDir, outdir: session?.out ?? this.outdir };
  }
}
