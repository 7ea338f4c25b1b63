import { ScriptFile, type OutputFile } from '@slipway/core';
import type { AppRenderer } from '../app-renderers.js';
import { renderBackupScript, renderRestoreScript } from './render-backup-scripts.js';
import { renderDeployScript } from './render-deploy-script.js';
import { renderInitSecrets } from './render-init-secrets.js';

/** `init-secrets.sh`, always: every stack has a `.env` to fill. */
export const initSecretsRenderer: AppRenderer = ({ model }) => [new ScriptFile('init-secrets.sh', () => renderInitSecrets(model))];

/** `deploy.sh`, always. */
export const deployScriptRenderer: AppRenderer = ({ model }) => [new ScriptFile('deploy.sh', () => renderDeployScript(model))];

/** `backup.sh` and `restore.sh`, when the stack has a Backup (POSIX sh: they also run in alpine containers). */
export const backupScriptsRenderer: AppRenderer = ({ model }) => {
  if (!model.ops?.backups.length) return [];
  const files: OutputFile[] = [
    new ScriptFile('backup.sh', () => renderBackupScript(model), { shebang: '#!/bin/sh' }),
    new ScriptFile('restore.sh', () => renderRestoreScript(model), { shebang: '#!/bin/sh' }),
  ];
  return files;
};
