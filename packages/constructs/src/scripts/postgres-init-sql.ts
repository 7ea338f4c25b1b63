/** SQL run once at first start: creates the extensions in the application database. */
export function renderExtensionsSql(extensions: readonly string[], database: string): string {
  return [
    `-- Runs once, when the data volume is empty, connected to "${database}".`,
    ...extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";`),
  ].join('\n');
}
