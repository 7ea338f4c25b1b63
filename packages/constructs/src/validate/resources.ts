import type { ValidationProblem } from '@slipway/core';
import { shown } from '../formats/text.js';
import type { Resources } from '../service.js';
import { unknownKeys } from './known-keys.js';
import { parseSize, sizeProblem } from './sizes.js';

type Problems = ValidationProblem[];
const err = (out: Problems, message: string, fix: string) => out.push({ message, fix });

/** CPU and memory limits and reservations: positive, sizes, reservations within the limits. */
export function checkResources(r: Resources | undefined): Problems {
  if (r === undefined) return [];
  if (typeof r !== 'object' || r === null) return [{ message: `resources must be an object, got ${shown(r)}.`, fix: `write resources: { cpus: 1, memory: '512M' }.` }];
  const out: Problems = [...unknownKeys(r, ['cpus', 'memory', 'reservedCpus', 'reservedMemory'], 'resources')];
  for (const key of ['cpus', 'reservedCpus'] as const) {
    const v = r[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) err(out, `resources.${key} ${shown(v)} is not a positive number of CPUs.`, `set ${key}: 0.5 (half a CPU) or 2.`);
  }
  for (const key of ['memory', 'reservedMemory'] as const) {
    const v = r[key];
    if (v !== undefined && sizeProblem(v)) err(out, `resources.${key} ${sizeProblem(v)}.`, `write a size such as '512M' or '1G'.`);
  }
  if (typeof r.cpus === 'number' && typeof r.reservedCpus === 'number' && r.reservedCpus > r.cpus) {
    err(out, `resources.reservedCpus ${r.reservedCpus} is above the limit cpus ${r.cpus}.`, 'reserve at most the limit: lower reservedCpus or raise cpus.');
  }
  const limit = parseSize(r.memory);
  const reserved = parseSize(r.reservedMemory);
  if (limit !== undefined && reserved !== undefined && reserved > limit) {
    err(out, `resources.reservedMemory ${r.reservedMemory} is above the limit memory ${r.memory}.`, 'reserve at most the limit: lower reservedMemory or raise memory.');
  }
  return out;
}
