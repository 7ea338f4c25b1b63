import type { DeploymentModel } from '../model/deployment-model.js';
import { configKey, configVersionVariable } from './_mounts-ports.js';
import type { StackConfig, StackDocument, StackImage, StackService, StackTranslation, SwarmProblem, TranslationNote } from './stack-types.js';
import type { SwarmModel } from '../model/swarm-model.js';
import { translateService } from './translate-service.js';

/** Name of the stack file in the output folder. */
export const STACK_FILE = 'stack.yml';

/** Swarm settings when the model has none (hand-built models in tests). */
export function defaultSwarmModel(name: string): SwarmModel {
  return { releaseVariable: 'RELEASE', dataNodeLabel: `${name}-data`, encryptedNetworks: true, endpointMode: 'vip' };
}

/** Variable the deploy script sets to the version of a Swarm secret (secrets are immutable). */
export function secretVersionVariable(variable: string): string {
  return `SLIPWAY_SECRET_${variable}`;
}

const CACHE = new WeakMap<DeploymentModel, StackTranslation>();

/**
 * Translates the deployment model into a Swarm stack: services, encrypted overlay networks
 * (internal ones stay internal), volumes, secrets and configs (named by version, so a changed
 * value rolls the services that use it), plus every problem and note of the translation.
 * Pure; cached per model, since validation and rendering both ask.
 */
export function translateStack(model: DeploymentModel): StackTranslation {
  const cached = CACHE.get(model);
  if (cached) return cached;
  const swarm = model.swarm ?? defaultSwarmModel(model.name);
  const services: Record<string, StackService> = {};
  const problems: SwarmProblem[] = [];
  const notes: TranslationNote[] = [];
  const configs = new Map<string, StackConfig>();
  const secrets = new Set<string>();
  const interpolated = new Set<string>();
  const images: StackImage[] = [];
  const pinned: string[] = [];
  for (const s of model.services) {
    const t = translateService(s, model, swarm);
    services[s.name] = t.service;
    problems.push(...t.problems);
    notes.push(...t.notes);
    for (const c of t.configs) {
      const key = configKey(c.file);
      configs.set(key, { key, file: c.file, versionVariable: configVersionVariable(key) });
    }
    t.secrets.forEach((v) => secrets.add(v));
    t.interpolated.forEach((v) => interpolated.add(v));
    if (t.pinned) pinned.push(s.name);
    if (s.build) {
      images.push({ service: s.name, repository: `${swarm.registry ?? 'REGISTRY'}/${model.name}-${s.name}`, build: s.build });
      notes.push({ service: s.name, text: `built from \`${s.build.context}\` by deploy-stack.sh and pulled by every node from the registry.` });
      if (!swarm.registry) {
        problems.push({
          service: s.name,
          message: 'is built from source, but Swarm nodes pull images from a registry and none is set.',
          fix: `set swarm: { registry: 'ghcr.io/<your-org>' } on the App (deploy-stack.sh pushes ${model.name}-${s.name} there).`,
        });
      }
    }
  }
  if (!swarm.encryptedNetworks) {
    problems.push({
      warning: 'swarm-unencrypted-overlay',
      message: 'overlay networks are not encrypted: traffic between nodes (database passwords included) crosses the network in clear.',
      fix: 'leave swarm.encryptedNetworks on (nodes must allow ESP, IP protocol 50), or acknowledge \'swarm-unencrypted-overlay\' on a private network.',
    });
  }
  const overlay = (internal: boolean) => ({
    driver: 'overlay',
    ...(internal ? { internal: true } : {}),
    ...(swarm.encryptedNetworks ? { driver_opts: { encrypted: 'true' } } : {}),
  });
  const doc: StackDocument = { services };
  doc.networks = { default: overlay(false), ...Object.fromEntries(model.networks.map((n) => [n.name, overlay(n.internal)])) };
  if (model.volumes.length) doc.volumes = Object.fromEntries(model.volumes.map((v) => [v.name, {}]));
  const secretList = [...secrets].sort();
  if (secretList.length) {
    doc.secrets = Object.fromEntries(
      secretList.map((v) => [v, { external: true, name: `${model.name}_${v}_\${${secretVersionVariable(v)}:?created from .env by the stack deploy script, see STACK.md}` }]),
    );
  }
  const configList = [...configs.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  if (configList.length) {
    doc.configs = Object.fromEntries(
      configList.map((c) => [c.key, { name: `${model.name}_${c.key}_\${${c.versionVariable}:?versioned by content by the stack deploy script, see STACK.md}`, file: c.file }]),
    );
  }
  const result: StackTranslation = {
    doc,
    problems,
    configs: configList,
    secrets: secretList,
    interpolated: [...interpolated].sort(),
    images,
    notes,
    pinned: pinned.sort(),
  };
  CACHE.set(model, result);
  return result;
}
