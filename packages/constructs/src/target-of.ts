import type { IConstruct } from 'constructs';
import type { DeploymentTarget } from './app.js';

/**
 * Where the App holding `scope` deploys (`compose` outside an App): for constructs and presets
 * whose shape depends on the target, read at construction (the App's target is fixed by then).
 */
export function targetOf(scope: IConstruct): DeploymentTarget {
  return (scope.node.root as Partial<{ target: DeploymentTarget }>).target ?? 'compose';
}
