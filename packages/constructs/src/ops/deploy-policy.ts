import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';
import type { DeploySettingsModel } from '../model/ops-model.js';

/** Properties of a {@link DeployPolicy}. */
export interface DeployPolicyProps {
  /**
   * Releases kept for rollback, the current one included.
   * @default 5
   */
  readonly keepReleases?: number;
  /**
   * Seconds `deploy.sh` waits for every service to be healthy before rolling back.
   * @default 180
   */
  readonly healthTimeoutSeconds?: number;
  /**
   * Free disk space `deploy.sh` requires before it starts, in MiB.
   * @default 2048
   */
  readonly minFreeDiskMb?: number;
}

const DEPLOY_POLICY_SYMBOL = Symbol.for('@slipway/constructs.DeployPolicy');

/** What `deploy.sh` does when no {@link DeployPolicy} is given. */
export const DEFAULT_DEPLOY_SETTINGS: DeploySettingsModel = { keepReleases: 5, healthTimeoutSeconds: 180, minFreeDiskMb: 2048 };

/**
 * Tunes the generated `deploy.sh`: how many releases it keeps for rollback, how long it waits for
 * health checks, how much disk it needs. Optional: without one, the defaults apply.
 *
 * @example
 * new DeployPolicy(app, 'deploy', { keepReleases: 3, healthTimeoutSeconds: 300 });
 */
export class DeployPolicy extends Construct {
  static isDeployPolicy(x: unknown): x is DeployPolicy {
    return typeof x === 'object' && x !== null && DEPLOY_POLICY_SYMBOL in x;
  }

  readonly settings: DeploySettingsModel;

  constructor(scope: Construct, id: string, props: DeployPolicyProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    super(scope, id);
    Object.defineProperty(this, DEPLOY_POLICY_SYMBOL, { value: true });
    this.settings = {
      keepReleases: props.keepReleases ?? DEFAULT_DEPLOY_SETTINGS.keepReleases,
      healthTimeoutSeconds: props.healthTimeoutSeconds ?? DEFAULT_DEPLOY_SETTINGS.healthTimeoutSeconds,
      minFreeDiskMb: props.minFreeDiskMb ?? DEFAULT_DEPLOY_SETTINGS.minFreeDiskMb,
    };
    const a = Annotations.of(this);
    const s = this.settings;
    if (!Number.isInteger(s.keepReleases) || s.keepReleases < 2) {
      a.addError(`keepReleases must be a whole number ≥ 2 (the current release and one to roll back to), got ${s.keepReleases}.`, 'set keepReleases: 5.');
    }
    if (!Number.isInteger(s.healthTimeoutSeconds) || s.healthTimeoutSeconds < 10) {
      a.addError(`healthTimeoutSeconds must be a whole number ≥ 10, got ${s.healthTimeoutSeconds}.`, 'set healthTimeoutSeconds: 180.');
    }
    if (!Number.isInteger(s.minFreeDiskMb) || s.minFreeDiskMb < 0) {
      a.addError(`minFreeDiskMb must be a whole number ≥ 0, got ${s.minFreeDiskMb}.`, 'set minFreeDiskMb: 2048.');
    }
  }
}
