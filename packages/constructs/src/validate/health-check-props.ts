import type { ValidationProblem } from '@slipway/core';
import { shown } from '../formats/text.js';
import { HealthCheck } from '../health-check.js';
import type { Service } from '../service.js';
import { durationProblem, DURATION_FIX } from './durations.js';
import { unknownKeys } from './known-keys.js';
import { PRE_ESCAPED } from './pre-escaped.js';

type Problems = ValidationProblem[];
const err = (out: Problems, message: string, fix: string) => out.push({ message, fix });

/** A service's health check: a HealthCheck, durations, its port the service's, words not command lines. */
export function checkHealthCheck(service: Service): Problems {
  const hc = service.props.healthCheck as unknown;
  if (hc === undefined) return [];
  if (!HealthCheck.isHealthCheck(hc)) {
    return [{ message: `healthCheck ${shown(hc)} is not a HealthCheck.`, fix: `use HealthCheck.http(${service.port ?? 3000}, '/health'), HealthCheck.command([...]) or HealthCheck.none('why').` }];
  }
  const out: Problems = [...unknownKeys(hc.timing, ['interval', 'timeout', 'retries', 'startPeriod'], 'the health check timing')];
  for (const key of ['interval', 'timeout', 'startPeriod'] as const) {
    const v = hc.timing[key];
    if (v !== undefined && durationProblem(v)) err(out, `health check ${key} ${durationProblem(v)}.`, DURATION_FIX);
  }
  const retries = hc.timing.retries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) err(out, `health check retries ${shown(retries)} is not a whole number ≥ 1.`, 'set retries: 5.');
  if (hc.probe) {
    const { port, path, tool } = hc.probe;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) err(out, `health check port ${shown(port)} is not a valid port.`, 'use a whole number from 1 to 65535.');
    else if (service.port !== undefined && port !== service.port) {
      err(out, `the health check probes port ${port}, but the service listens on ${service.port}.`, `use HealthCheck.http(${service.port}, '${path}'), or fix the service's port.`);
    }
    if (!/^\/?[A-Za-z0-9._~\-/?=&%]*$/.test(path)) err(out, `health check path ${shown(path)} is not a plain URL path.`, `write a path such as '/health'.`);
    if (!['wget', 'curl', 'node', 'python'].includes(tool as string)) err(out, `health check tool ${shown(tool)} is unknown.`, 'use wget, curl, node or python.');
  }
  if (hc.test?.[0] === 'CMD-SHELL' && PRE_ESCAPED.test(hc.test[1] ?? '')) {
    err(out, `the health check script contains "$$" followed by a name, Compose's own escape.`, 'write "$VAR": Slipway escapes "$" for Compose itself, so "$$VAR" would reach the shell as its PID followed by "VAR".');
  }
  if (hc.test?.[0] === 'CMD' && hc.test.length === 2 && /\s/.test(String(hc.test[1]))) {
    err(out, `the health check runs the single program ${shown(hc.test[1])}, a whole command line.`, `split it into words, HealthCheck.command(['curl', '-f', 'http://127.0.0.1:3000/health']), or use HealthCheck.shell('…').`);
  }
  if (hc.test?.some((t) => typeof t !== 'string' || t.includes('\u0000'))) err(out, 'the health check has a non-text or NUL argument.', 'pass plain strings.');
  return out;
}
