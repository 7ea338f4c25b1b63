import type { ValidationProblem } from '@slipway/core';
import { singleLineProblem, shown } from '../formats/text.js';
import type { Mount } from '../service.js';
import { Volume } from '../volume.js';
import { unknownKeys } from './known-keys.js';
import { sizeProblem } from './sizes.js';

type Problems = ValidationProblem[];
const err = (out: Problems, message: string, fix: string) => out.push({ message, fix });

/** Mounts: one kind each, known keys, plain absolute targets, no two on one target. */
export function checkMounts(mounts: readonly Mount[]): Problems {
  const out: Problems = [];
  const targets = new Map<string, number>();
  for (const m of mounts) {
    if (m === null || typeof m !== 'object') {
      err(out, `mount ${shown(m)} is not a mount.`, `write { volume: data, target: '/data' }, { bind: './conf', target: '/conf' } or { tmpfs: '/tmp' }.`);
      continue;
    }
    const kind = 'tmpfs' in m ? 'tmpfs' : 'volume' in m ? 'volume' : 'bind' in m ? 'bind' : 'outputFile' in m ? 'outputFile' : undefined;
    if (!kind) {
      err(out, `mount ${shown(m)} has none of volume, bind, outputFile or tmpfs.`, `write { volume: data, target: '/data' } or { bind: './conf', target: '/conf' }.`);
      continue;
    }
    const known = kind === 'tmpfs' ? ['tmpfs', 'size'] : kind === 'outputFile' ? [kind, 'target', 'readOnly', 'files'] : [kind, 'target', 'readOnly'];
    out.push(...unknownKeys(m, known, `a ${kind} mount`));
    if ('outputFile' in m && m.files !== undefined && (!Array.isArray(m.files) || m.files.some((f) => typeof f !== 'string' || !/^[^/\0\n][^\0\n]*$/.test(f) || f.split('/').includes('..')))) {
      err(out, `outputFile mount "${String(m.outputFile)}" lists files ${shown(m.files)} that are not plain relative paths.`, `list the files the container reads, relative to the folder, e.g. files: ['nginx.conf'].`);
    }
    if ('volume' in m && !Volume.isVolume(m.volume)) err(out, `mount on ${shown((m as { target?: string }).target)} names ${shown(m.volume)}, not a Volume.`, `create it: new Volume(app, 'data').`);
    if ('bind' in m && (typeof m.bind !== 'string' || m.bind === '')) err(out, `bind mount source ${shown(m.bind)} is empty.`, `give a path relative to infra.ts, e.g. './config'.`);
    else if ('bind' in m && (singleLineProblem(m.bind) ?? (m.bind.includes(':') ? 'contains ":"' : undefined))) {
      err(out, `bind mount source ${shown(m.bind)} ${singleLineProblem(m.bind) ?? 'contains ":"'}.`, `give a plain path relative to infra.ts, e.g. './config'.`);
    }
    if ('tmpfs' in m && m.size !== undefined && sizeProblem(m.size)) err(out, `tmpfs size ${sizeProblem(m.size)}.`, `write a size such as '64m'.`);
    const target = 'tmpfs' in m ? m.tmpfs : m.target;
    if (typeof target !== 'string') {
      err(out, `mount target ${shown(target)} is not a path.`, 'mount targets are paths inside the container, e.g. "/data".');
      continue;
    }
    const normal = target.replace(/\/+$/, '') || '/';
    targets.set(normal, (targets.get(normal) ?? 0) + 1);
    if (targets.get(normal) === 2) err(out, `two mounts share the target "${normal}"; Docker refuses to start the container.`, 'give each mount its own target path.');
    const line = singleLineProblem(target) ?? (/[:,]/.test(target) ? 'contains ":" or ","' : undefined);
    if (line) err(out, `mount target ${shown(target)} ${line}.`, 'use a plain absolute path such as "/data".');
  }
  return out;
}
