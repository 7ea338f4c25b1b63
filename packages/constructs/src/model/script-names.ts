/** Names of the scripts written into the output folder, for every renderer and message that cites them. */
export const SCRIPT_NAMES = {
  /** Creates `.env` from `.env.example` and generates the secrets. */
  initSecrets: 'init-secrets.sh',
  /** Pre-flight, pull or build, `docker compose up`, health wait, rollback. */
  deploy: 'deploy.sh',
} as const;
