import { TextFile } from '@slipway/core';
import type { AppRenderer } from '../app-renderer.js';
import { SCRIPT_NAMES } from '../model/script-names.js';

/**
 * `.gitignore` of the output folder: the folder is meant to be committed, but `.env` (the real
 * secrets, which init-secrets.sh writes beside `.env.example`), database dumps and deploy.sh's
 * release records must never reach a repository, even from a `git add .` in that folder.
 */
export const GITIGNORE_BODY = [
  `# Real secrets (${SCRIPT_NAMES.initSecrets} writes them); .env.example is the template and is committed.`,
  '.env',
  '.env.*',
  '!.env.example',
  '# Database dumps written by backup.sh.',
  'backups/',
  '# Past releases recorded by deploy.sh for rollback.',
  '.releases/',
  '',
].join('\n');

export const gitignoreRenderer: AppRenderer = () => [new TextFile('.gitignore', GITIGNORE_BODY)];
