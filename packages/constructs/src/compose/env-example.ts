import type { EnvSection } from '@slipway/core';
import type { DeploymentModel, SecretModel } from '../model/deployment-model.js';
import { RECIPES, type SecretRecipe } from '../secret-recipes.js';
import { SCRIPT_NAMES } from '../model/script-names.js';

/**
 * Sections of `.env.example`: every variable the stack reads from `.env`, grouped under the first
 * service that uses it, with how to obtain or generate its value. Values are always left empty.
 */
export function envExampleSections(model: DeploymentModel): EnvSection[] {
  const sections: EnvSection[] = [];
  const listed = new Set<string>();
  // Secrets grouped by the service they are listed under: a search per service was quadratic.
  const byService = new Map<string | undefined, SecretModel[]>();
  for (const s of model.secrets) {
    const key = s.owner ?? s.usedBy[0];
    const list = byService.get(key) ?? [];
    list.push(s);
    byService.set(key, list);
  }
  for (const service of model.services) {
    const entries = (byService.get(service.name) ?? [])
      .filter((s) => !listed.has(s.variable))
      .map((s) => {
        listed.add(s.variable);
        return { name: s.variable, value: '', comment: describeSecret(s) };
      });
    if (entries.length) sections.push({ title: `${service.name} (${service.path})`, entries });
  }
  const unused = model.secrets.filter((s) => !listed.has(s.variable));
  if (unused.length) {
    sections.push({ title: 'not used by any service', entries: unused.map((s) => ({ name: s.variable, value: '', comment: describeSecret(s) })) });
  }
  return sections;
}

function describeSecret(s: SecretModel): string[] {
  const lines = [`${s.description ? `${s.description} ` : ''}(${s.path})`];
  if (s.source.kind === 'generated') {
    const recipe = RECIPES[s.source.recipe as SecretRecipe];
    lines.push(`Generated: ${recipe.description}. ./${SCRIPT_NAMES.initSecrets} fills it; by hand: ${recipe.command}`);
  } else {
    lines.push(`Provided by you: ${s.source.description}`);
  }
  if (s.usedBy.length > 1) lines.push(`Used by: ${s.usedBy.join(', ')}`);
  return lines;
}
