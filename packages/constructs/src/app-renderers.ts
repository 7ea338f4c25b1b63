import { EnvFile, YamlFile, type ScalarStyle } from '@slipway/core';
import { checkComposeDocument } from './compose/compose-checks.js';
import { renderCompose } from './compose/render-compose.js';
import { envExampleSections } from './compose/env-example.js';
import { gitignoreRenderer } from './compose/gitignore.js';
import {
  adminToolsRenderer,
  backupScriptsRenderer,
  ciWorkflowRenderer,
  deployScriptRenderer,
  hostRenderer,
  initSecretsRenderer,
  monitoringRenderer,
  runbookRenderer,
} from './scripts/ops-renderers.js';
import { proxyRenderer } from './proxy/proxy-renderers.js';
import { swarmRenderer } from './swarm/swarm-renderer.js';
import type { AppRenderer } from './app-renderer.js';

export type { AppRenderer, AppRenderInput } from './app-renderer.js';

/** Name of the Compose file in the output folder. */
export const COMPOSE_FILE = 'docker-compose.yml';

/** The Compose file, checked against the schema and Slipway's rules after overrides. */
export const composeRenderer: AppRenderer = ({ model }) => {
  const doc = renderCompose(model);
  const compose = new YamlFile(COMPOSE_FILE, doc, { scalarStyle: composeScalarStyle });
  compose.addCheck(() => checkComposeDocument(doc, model));
  return [compose];
};

/** `.env.example`: every variable of `.env`, with how to obtain it. */
export const envExampleRenderer: AppRenderer = ({ model }) => [new EnvFile('.env.example', envExampleSections(model))];

/**
 * Every app-wide renderer, in order. A new output (a proxy, scripts, a runbook) is one more entry
 * here: renderers read the model, never constructs.
 */
export const APP_RENDERERS: readonly AppRenderer[] = [
  composeRenderer,
  envExampleRenderer,
  gitignoreRenderer,
  initSecretsRenderer,
  deployScriptRenderer,
  backupScriptsRenderer,
  // The proxy's files: one renderer per proxy kind (proxy/kinds/).
  proxyRenderer,
  monitoringRenderer,
  adminToolsRenderer,
  hostRenderer,
  ciWorkflowRenderer,
  runbookRenderer,
  // Only when the App targets Swarm: stack.yml, deploy-stack.sh, STACK.md.
  swarmRenderer,
];

/**
 * Ports and users are always quoted: unquoted `80:80` is a base-60 number to YAML 1.1 readers.
 * Single quotes, as dclint's require-quotes-in-ports rule expects.
 */
function composeScalarStyle(keys: readonly string[]): ScalarStyle {
  const key = keys[keys.length - 1];
  return key === 'ports' || key === 'user' || key === 'expose' ? 'single' : undefined;
}
