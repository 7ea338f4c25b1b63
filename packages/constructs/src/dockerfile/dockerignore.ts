/**
 * Patterns every generated `.dockerignore` starts with: version control, dependencies installed
 * on the host, local env files (secrets), logs, test output, editor folders and caches. The
 * image installs its own dependencies, so the host's never need to reach the build.
 */
export const DEFAULT_DOCKERIGNORE: readonly string[] = [
  '.git',
  '**/.git',
  '**/node_modules',
  '**/.env',
  '**/.env.*',
  '!**/.env.example',
  '**/*.log',
  '**/.DS_Store',
  '**/coverage',
  '**/.nyc_output',
  '**/test-results',
  '**/playwright-report',
  '**/__pycache__',
  '**/*.py[cod]',
  '**/.pytest_cache',
  '**/.mypy_cache',
  '**/.venv',
  '**/.idea',
  '**/.vscode',
  '**/docker-compose*.yml',
  '**/Dockerfile*',
  '**/.dockerignore',
];

/** Input of {@link renderDockerignore}. */
export interface DockerignoreModel {
  /** Patterns in order; `!pattern` re-includes. */
  readonly patterns: readonly string[];
}

/** Renders a `.dockerignore` file body. Pure. */
export function renderDockerignore(model: DockerignoreModel): string {
  const unique = [...new Set(model.patterns)];
  // Exceptions must come after the patterns they undo, so they go last.
  const excludes = unique.filter((p) => !p.startsWith('!'));
  const includes = unique.filter((p) => p.startsWith('!'));
  return `${[...excludes, ...includes].join('\n')}\n`;
}
