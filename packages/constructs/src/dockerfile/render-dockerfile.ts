import { dockerfileValue } from '../formats/dockerfile.js';
import type { CommandForm, CopyOptions, Instruction, RunMount, StageModel, DockerfileModel } from './instructions.js';

/** The BuildKit frontend a generated Dockerfile names in its `# syntax=` directive by default. */
export const DEFAULT_DOCKERFILE_SYNTAX = 'docker/dockerfile:1';
/** A frontend image reference: name, optional tag, optional digest. */
export const FRONTEND_IMAGE = /^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const CONT = ' \\\n    ';

/**
 * Renders a Dockerfile model as text (without the syntax directive and the generated header,
 * which the output file adds). Pure: same model, same text.
 */
export function renderDockerfile(model: DockerfileModel): string {
  const blocks: string[] = [];
  if (model.globalArgs.length) blocks.push(model.globalArgs.map((a) => `ARG ${a.name}${a.default !== undefined ? `=${dockerfileValue(a.default)}` : ''}`).join('\n'));
  for (const stage of model.stages) blocks.push(renderStage(stage));
  return `${blocks.join('\n\n')}\n`;
}

function renderStage(stage: StageModel): string {
  const platform = stage.platform ? `--platform=${stage.platform} ` : '';
  const lines = [`FROM ${platform}${stage.from} AS ${stage.name}`];
  for (const i of stage.instructions) lines.push(renderInstruction(i));
  return lines.join('\n');
}

function renderInstruction(i: Instruction): string {
  switch (i.kind) {
    case 'COMMENT':
      return i.text.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n');
    case 'ARG':
      return `ARG ${i.name}${i.default !== undefined ? `=${dockerfileValue(i.default)}` : ''}`;
    case 'ENV':
      return `ENV ${i.vars.map(([k, v]) => `${k}=${dockerfileValue(v)}`).join(CONT)}`;
    case 'LABEL':
      return `LABEL ${i.labels.map(([k, v]) => `${k}=${dockerfileValue(v, true)}`).join(CONT)}`;
    case 'WORKDIR':
      return `WORKDIR ${i.path}`;
    case 'COPY':
    case 'ADD':
      return `${i.kind} ${copyFlags(i.options)}${paths([...i.sources, i.dest])}`;
    case 'RUN': {
      const flags = [...(i.options.mounts ?? []).map(mountFlag), ...(i.options.network ? [`--network=${i.options.network}`] : [])];
      const head = flags.length ? `RUN ${flags.join(' ')}${CONT}` : 'RUN ';
      return head + i.commands.join(` &&${CONT}`);
    }
    case 'SHELL':
      return `SHELL ${json(i.argv)}`;
    case 'USER':
      return `USER ${i.user}`;
    case 'EXPOSE':
      return `EXPOSE ${i.ports.join(' ')}`;
    case 'HEALTHCHECK': {
      if (i.test === 'NONE') return 'HEALTHCHECK NONE';
      const t = i.timing;
      const flags = [
        t.interval && `--interval=${t.interval}`,
        t.timeout && `--timeout=${t.timeout}`,
        t.startPeriod && `--start-period=${t.startPeriod}`,
        t.retries !== undefined && `--retries=${t.retries}`,
      ].filter(Boolean);
      return `HEALTHCHECK ${flags.length ? `${flags.join(' ')} ` : ''}CMD ${command(i.test)}`;
    }
    case 'ENTRYPOINT':
    case 'CMD':
      return `${i.kind} ${command(i.command)}`;
    case 'STOPSIGNAL':
      return `STOPSIGNAL ${i.signal}`;
  }
}

function copyFlags(o: CopyOptions): string {
  const flags = [
    o.from !== undefined && `--from=${o.from}`,
    o.chown !== undefined && `--chown=${o.chown}`,
    o.chmod !== undefined && `--chmod=${o.chmod}`,
    o.link && '--link',
  ].filter(Boolean);
  return flags.length ? `${flags.join(' ')} ` : '';
}

function mountFlag(m: RunMount): string {
  const parts: string[] = [`type=${m.type}`];
  if (m.type === 'cache') {
    if (m.id) parts.push(`id=${m.id}`);
    parts.push(`target=${m.target}`);
    if (m.sharing) parts.push(`sharing=${m.sharing}`);
  } else if (m.type === 'secret') {
    parts.push(`id=${m.id}`);
    if (m.env) parts.push(`env=${m.env}`);
    if (m.required) parts.push('required=true');
  } else {
    if (m.from) parts.push(`from=${m.from}`);
    if (m.source) parts.push(`source=${m.source}`);
    parts.push(`target=${m.target}`);
  }
  return `--mount=${parts.join(',')}`;
}

function command(c: CommandForm): string {
  return 'exec' in c ? json(c.exec) : c.shell;
}

/** JSON array form: `["a", "b"]`, as Docker reads exec forms. */
function json(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/** Paths in plain form when they have no spaces, JSON form otherwise. */
function paths(list: readonly string[]): string {
  return list.some((p) => /\s|"/.test(p)) ? json(list) : list.join(' ');
}

