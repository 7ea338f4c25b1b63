import type { Problem } from '@slipway/core';
import { detect, PRESET_OF, type Detection, type Framework, type PackageManager } from './detect.js';

/** Detection for a preset, plus the problems that concern it (framework mismatch, unsupported tool). */
export function detectFor(
  preset: string,
  expected: readonly Framework[],
  options: { source?: string; workspace?: string },
  tools: readonly PackageManager[],
): { detection: Detection; problems: Problem[] } {
  const detection = detect(options.source ?? '.', { workspace: options.workspace });
  const problems = [...detection.problems];
  const where = `${detection.root}${detection.appDir === '.' ? '' : `/${detection.appDir}`}`;
  // When the folder or the workspace is wrong, the framework check would only repeat it.
  const workspaceOk = options.workspace === undefined || detection.workspace !== undefined;
  const sourceOk = workspaceOk && !problems.some((p) => p.message.includes('does not exist') || p.message.startsWith('no package.json'));
  if (sourceOk && !detection.workspace && options.workspace === undefined && detection.workspaces.length && !detection.framework) {
    problems.push({
      message: `${where} is a monorepo root; ${preset} needs to know which package to build.`,
      fix: `set workspace to one of: ${detection.workspaces.map((w) => w.name).join(', ')}.`,
    });
  } else if (sourceOk && (detection.framework === undefined || !expected.includes(detection.framework))) {
    const found = detection.framework ? `a ${detection.framework} app (use ${PRESET_OF[detection.framework]})` : 'no app this preset knows';
    problems.push({
      message: `${where} is not a ${preset} app: detection found ${found}.`,
      fix: `point source (and workspace) at the ${preset} app, or use the preset that matches it.`,
    });
  }
  const frameworkOk = detection.framework !== undefined && expected.includes(detection.framework);
  if (frameworkOk && detection.packageManager && !tools.includes(detection.packageManager)) {
    problems.push({ message: `${preset} cannot build with ${detection.packageManager}.`, fix: `use one of ${tools.join(', ')}.` });
  }
  return { detection, problems };
}
