import { MarkdownFile, ScriptFile, YamlFile, type ScalarStyle } from '@slipway/core';
import type { AppRenderer } from '../app-renderer.js';
import { swarmTraefikFiles } from './_traefik-swarm.js';
import { DEPLOY_STACK_SCRIPT, renderDeployStack } from './render-deploy-stack.js';
import { renderStackRunbook } from '../runbooks/render-stack-runbook.js';
import { STACK_FILE, translateStack } from './render-stack.js';
import { checkStackDocument } from './stack-checks.js';

/** Name of the Swarm runbook in the output folder. */
export const STACK_RUNBOOK = 'STACK.md';

/** Users are quoted like in the Compose file (`'1000:1000'` is a base-60 number to YAML 1.1). */
function stackScalarStyle(keys: readonly string[]): ScalarStyle {
  return keys[keys.length - 1] === 'user' ? 'single' : undefined;
}

/**
 * The Swarm target: `stack.yml` (checked like the Compose file), `deploy-stack.sh`, `STACK.md`
 * and Traefik's Swarm configuration. Only when the App targets `swarm` (the model then carries
 * Swarm settings); the Compose output is written beside it either way.
 */
export const swarmRenderer: AppRenderer = ({ model }) => {
  if (!model.swarm) return [];
  const t = translateStack(model);
  const stack = new YamlFile(STACK_FILE, t.doc, { scalarStyle: stackScalarStyle });
  stack.addCheck(() => checkStackDocument(t.doc, model));
  return [
    stack,
    new ScriptFile(DEPLOY_STACK_SCRIPT, () => renderDeployStack(model, t)),
    new MarkdownFile(STACK_RUNBOOK, () => renderStackRunbook(model, t)),
    ...swarmTraefikFiles(model),
  ];
};
