import type { OutputFile } from '@slipway/core';
import type { DeploymentModel } from './model/deployment-model.js';

/** What an app-wide renderer receives. */
export interface AppRenderInput {
  readonly model: DeploymentModel;
}

/** Produces files for the whole App from the deployment model. Pure: no construct access. */
export type AppRenderer = (input: AppRenderInput) => OutputFile[];
