import type { DeploymentModel } from '../model/deployment-model.js';
import { shCommand } from '../formats/shell.js';

const code = (text: string) => `\`${text}\``;
const block = (lang: string, ...body: string[]) => ['```' + lang, ...body, '```'];

/** `## Scheduled jobs`: what runs when, where its output goes, how to run one now and see a failure. */
export function jobsSection(model: DeploymentModel): string[] {
  const jobs = model.ops?.jobs ?? [];
  if (!jobs.length) return [];
  const first = jobs[0]!;
  return [
    '## Scheduled jobs',
    '',
    'Each job is a scheduler service running cron on its app\'s image, with the app\'s environment and networks. A run never overlaps the previous one (it is skipped and logged), also across a deploy; times are UTC.',
    '',
    '| job | schedule (UTC) | on the image of | command | time limit |',
    '|---|---|---|---|---|',
    ...jobs.map((j) => `| ${j.service} | ${code(j.schedule)} | ${j.app} | ${code(shCommand(j.command))} | ${j.timeoutSeconds} s |`),
    '',
    `A failed run makes its service **unhealthy** in \`docker compose ps\` until the next successful run. Output, a run now, and the last status:`,
    '',
    ...block(
      'sh',
      `docker compose ps ${jobs.map((j) => j.service).join(' ')}`,
      `docker compose logs --tail 100 ${first.service}`,
      `docker compose exec ${first.service} sh /slipway-job/run-job.sh      # run now (skipped if one is running)`,
      `docker compose exec ${first.service} cat /run/slipway-job.status     # exit status and start of the last run`,
    ),
    '',
  ];
}
