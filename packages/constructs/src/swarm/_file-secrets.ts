/**
 * Official images that read a secret from a file named by `<VAR>_FILE` (Grafana: `<VAR>__FILE`).
 * On Swarm those secrets are passed as files, never as environment values.
 */
const FILE_AWARE: ReadonlyArray<{ readonly repository: RegExp; readonly variables: RegExp; readonly suffix: string }> = [
  { repository: /^(library\/)?postgres$/, variables: /^POSTGRES_(PASSWORD|USER|DB|INITDB_ARGS)$/, suffix: '_FILE' },
  { repository: /^(library\/)?(mysql|mariadb)$/, variables: /^(MYSQL|MARIADB)_(ROOT_PASSWORD|PASSWORD|USER|DATABASE)$/, suffix: '_FILE' },
  { repository: /^(library\/)?mongo$/, variables: /^MONGO_INITDB_ROOT_(USERNAME|PASSWORD)$/, suffix: '_FILE' },
  { repository: /^grafana\/grafana(-oss|-enterprise)?$/, variables: /^GF_[A-Z0-9_]+$/, suffix: '__FILE' },
  { repository: /^dpage\/pgadmin4$/, variables: /^PGADMIN_DEFAULT_PASSWORD$/, suffix: '_FILE' },
];

/** `docker.io/library/postgres:16-alpine` → `library/postgres`; `ghcr.io/a/b:1` → `a/b`. */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0]!;
  const parts = noDigest.split('/');
  const last = parts.pop()!.split(':')[0]!;
  // A first part with a dot, a colon or `localhost` is a registry host.
  if (parts.length && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  return [...parts, last].join('/');
}

/**
 * The variable that names the file holding `variable`'s value (`POSTGRES_PASSWORD_FILE`), when
 * the image is known to read it, or the service declares it (`swarm.fileSecrets`).
 */
export function fileVariableFor(image: string | undefined, variable: string, declared: readonly string[] = []): string | undefined {
  if (declared.includes(variable)) return `${variable}_FILE`;
  if (!image) return undefined;
  const repo = repositoryOf(image);
  const known = FILE_AWARE.find((f) => f.repository.test(repo) && f.variables.test(variable));
  return known ? `${variable}${known.suffix}` : undefined;
}
