import { shCommand, shQuoted } from './formats/shell.js';

/** Where a Job's scheduler keeps its lock (a volume shared by every container of the job). */
export const JOB_STATE_DIR = '/slipway-job-state';

/** What the scheduler files of one Job are made of. */
export interface JobFilesInput {
  /** The job's name (its Compose service). */
  readonly name: string;
  /** The app image the job runs on. */
  readonly image: string;
  /** Cron schedule (five fields, UTC). */
  readonly schedule: string;
  readonly command: readonly string[];
  /** Longest run, in seconds; 0: no limit. */
  readonly timeoutSeconds: number;
  /** User (and group) to run as, when the app sets one; else the image's own user. */
  readonly user?: string;
}

/**
 * The scheduler image: the app's image plus a cron daemon (Debian's `cron`, or BusyBox's `crond`
 * on Alpine), installed only when the image has none. The image's own user is recorded before
 * switching to root (cron needs root), so each run drops back to it.
 */
export function renderJobDockerfile(j: JobFilesInput): string {
  return [
    `FROM ${j.image}`,
    '# The user the image runs as: each run drops back to it.',
    'RUN mkdir -p /tmp/slipway-job && id -u >/tmp/slipway-job/uid && id -g >/tmp/slipway-job/gid',
    'USER root',
    '# Debian: cron (util-linux brings flock and setpriv). Alpine: BusyBox has crond and flock; setpriv is a package.',
    'RUN set -e; \\',
    '    if command -v apt-get >/dev/null 2>&1; then \\',
    '      command -v cron >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*; }; \\',
    '    elif command -v apk >/dev/null 2>&1; then \\',
    '      command -v setpriv >/dev/null 2>&1 || apk add --no-cache setpriv; \\',
    '    elif ! command -v cron >/dev/null 2>&1 && ! command -v crond >/dev/null 2>&1; then \\',
    '      echo "the image has no cron and no package manager to install it" >&2; exit 1; \\',
    '    fi; \\',
    '    # pam_loginuid cannot write the login uid in a container: Debian\'s cron would refuse every run.',
    "    if [ -f /etc/pam.d/cron ]; then sed -i 's/^session[[:space:]]*required[[:space:]]*pam_loginuid.so/# &/' /etc/pam.d/cron; fi; \\",
    '    mkdir -p /slipway-job; mv /tmp/slipway-job/uid /tmp/slipway-job/gid /slipway-job/',
    'COPY crontab scheduler.sh run-job.sh /slipway-job/',
    'ENTRYPOINT ["/bin/sh", "/slipway-job/scheduler.sh"]',
    'CMD []',
  ].join('\n');
}

/** One cron line: the schedule, then the run wrapper (Debian's /etc/cron.d format has a user field). */
export function renderJobCrontab(j: JobFilesInput): string {
  return [
    `# ${j.name}: ${j.schedule} (UTC). Each run goes through run-job.sh (no overlap, logs, status).`,
    'SHELL=/bin/sh',
    `${j.schedule} root /bin/sh /slipway-job/run-job.sh`,
  ].join('\n');
}

/**
 * The container's start: keeps the environment for the runs (cron starts them with an empty
 * one), then runs the cron daemon in the foreground as process 1's child.
 */
export function renderJobScheduler(j: JobFilesInput): string {
  return [
    'set -eu',
    '# Cron gives its jobs an empty environment: keep the container\'s, readable by root only.',
    'umask 077',
    'export -p >/run/slipway-job.env',
    'rm -f /run/slipway-job.status',
    `mkdir -p ${JOB_STATE_DIR}`,
    `echo "[job ${j.name}] scheduled: ${j.schedule} (UTC)"`,
    'if command -v cron >/dev/null 2>&1; then',
    '  cp /slipway-job/crontab /etc/cron.d/slipway-job && chmod 644 /etc/cron.d/slipway-job',
    '  exec cron -f',
    'fi',
    '# BusyBox crond reads per-user crontabs, without the user field.',
    'mkdir -p /etc/crontabs',
    "sed -n 's/^\\([^#A-Z][^ ]* [^ ]* [^ ]* [^ ]* [^ ]*\\) root /\\1 /p' /slipway-job/crontab >/etc/crontabs/root",
    'exec crond -f -l 8',
  ].join('\n');
}

/**
 * One run: skipped when the previous one still holds the lock (also one in a container being
 * replaced by a deploy: the lock is on a shared volume), output to the container's logs, exit
 * status to a file the health check reads.
 */
export function renderJobRun(j: JobFilesInput): string {
  const user = j.user ? j.user.split(':') : undefined;
  const run = [
    ...(j.timeoutSeconds > 0 ? [`timeout ${j.timeoutSeconds}`] : []),
    'setpriv --reuid="$uid" --regid="$gid" --clear-groups --',
    shCommand(j.command),
  ].join(' ');
  return [
    'set -u',
    'exec >>/proc/1/fd/1 2>>/proc/1/fd/2',
    `name=${shQuoted(j.name)}`,
    `exec 9>>${JOB_STATE_DIR}/lock`,
    'if ! flock -n 9; then',
    '  echo "[job $name] $(date -u +%Y-%m-%dT%H:%M:%SZ) skipped: the previous run is still going"',
    '  exit 0',
    'fi',
    '# shellcheck disable=SC1091 # written by scheduler.sh at start',
    '. /run/slipway-job.env',
    `uid=${user ? shQuoted(user[0]!) : '"$(cat /slipway-job/uid)"'}`,
    `gid=${user ? shQuoted(user[1] ?? user[0]!) : '"$(cat /slipway-job/gid)"'}`,
    'started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
    'echo "[job $name] $started started"',
    '# shellcheck disable=SC2016 # the command is run as written; its own shell expands it',
    `${run} </dev/null`,
    'status=$?',
    'echo "$status $started" >/run/slipway-job.status',
    'echo "[job $name] $(date -u +%Y-%m-%dT%H:%M:%SZ) exited with status $status"',
    'exit "$status"',
  ].join('\n');
}
