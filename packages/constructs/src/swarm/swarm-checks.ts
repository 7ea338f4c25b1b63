import { Aspects, AspectPriority, Validation, type ValidationProblem } from '@slipway/core';
import type { IConstruct } from 'constructs';
import { DNS_NAME, ENV_NAME } from '../_naming.js';
import type { DeploymentModel } from '../model/deployment-model.js';
import { Service } from '../service.js';
import { translateStack } from './render-stack.js';
import type { SwarmModel } from '../model/swarm-model.js';
import type { SwarmOptions } from './swarm-options.js';

/** What the checks need of the App (structural, to avoid an import cycle with app.ts). */
interface SwarmApp extends IConstruct {
  readonly name: string;
  readonly swarmOptions: SwarmOptions;
}

/** `ghcr.io/acme`, `registry.example.com:5000/team/app`: a host (or namespace) path, no tag. */
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** The Swarm part of the model from the App's options. */
export function swarmModelOf(name: string, o: SwarmOptions): SwarmModel {
  return {
    registry: o.registry?.replace(/\/+$/, ''),
    releaseVariable: o.releaseVariable ?? 'RELEASE',
    dataNodeLabel: o.dataNodeLabel ?? `${name}-data`,
    encryptedNetworks: o.encryptedNetworks ?? true,
    endpointMode: o.endpointMode ?? 'vip',
  };
}

const REGISTERED = new WeakSet<IConstruct>();

/**
 * Makes the Swarm translation part of validation: every service gets the problems of its own
 * translation (with its construct path, acknowledgeable by id), the App the stack-wide ones.
 * The translation reads the model, so a tree that fails elsewhere reports those errors first.
 */
export function enableSwarmChecks(app: SwarmApp, freshModel: () => DeploymentModel): void {
  // The App is validated first (tree order): it builds the model its services' checks read.
  let model: DeploymentModel | undefined;
  const problemsOf = (service: string | undefined): ValidationProblem[] =>
    model
      ? translateStack(model)
          .problems.filter((p) => p.service === service)
          .map(({ service: _, ...p }) => p)
      : [];
  Validation.add(app, () => {
    try {
      model = freshModel();
    } catch {
      model = undefined; // the tree is invalid: its own errors say why
    }
    return [...optionProblems(app), ...problemsOf(undefined)];
  });
  Aspects.of(app).add(
    {
      visit(node: IConstruct) {
        if (!Service.isService(node) || REGISTERED.has(node)) return;
        REGISTERED.add(node);
        Validation.add(node, () => problemsOf(node.name));
      },
    },
    { priority: AspectPriority.READONLY },
  );
}

function optionProblems(app: SwarmApp): ValidationProblem[] {
  const o = app.swarmOptions;
  const out: ValidationProblem[] = [];
  if (o.registry !== undefined && !REGISTRY.test(o.registry.replace(/\/+$/, ''))) {
    out.push({ message: `swarm.registry "${o.registry}" is not a registry path.`, fix: `give the host and namespace without a tag, e.g. 'ghcr.io/acme'.` });
  }
  if (o.releaseVariable !== undefined && !ENV_NAME.test(o.releaseVariable)) {
    out.push({ message: `swarm.releaseVariable "${o.releaseVariable}" is not a variable name.`, fix: `use letters, digits and "_", e.g. 'RELEASE'.` });
  }
  if (o.dataNodeLabel !== undefined && !LABEL.test(o.dataNodeLabel)) {
    out.push({ message: `swarm.dataNodeLabel "${o.dataNodeLabel}" is not a node label name.`, fix: `use letters, digits, ".", "-" and "_", e.g. '${DNS_NAME.test(app.name) ? app.name : 'app'}-data'.` });
  }
  return out;
}
