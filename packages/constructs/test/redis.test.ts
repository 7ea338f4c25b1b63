import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Redis } from '../src/index.js';

const serverCommand = (app: App) => Testing.synth(app).yaml('docker-compose.yml').services.cache.command[2] as string;

describe('Redis memory cap', () => {
  it('GIVEN maxMemory alone THEN least recently used keys are evicted (a cache)', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { maxMemory: '256mb' });
    expect(serverCommand(app)).toContain('--maxmemory 256mb --maxmemory-policy allkeys-lru');
  });

  it('GIVEN a job broker with evictionPolicy noeviction THEN a full Redis refuses writes instead of dropping jobs', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { maxMemory: '256mb', evictionPolicy: 'noeviction' });
    const cmd = serverCommand(app);
    expect(cmd).toContain('--maxmemory 256mb --maxmemory-policy noeviction');
    expect(cmd).not.toContain('allkeys-lru');
  });

  it('GIVEN no memory cap THEN no policy is set', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache');
    expect(serverCommand(app)).not.toContain('maxmemory');
  });

  it('GIVEN evictionPolicy without maxMemory THEN it is an error naming the construct and the fix', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { evictionPolicy: 'noeviction' });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((d) => [d.path, d.message, d.fix])).toEqual([
      ['shop/cache', 'evictionPolicy "noeviction" has no effect without maxMemory.', "set maxMemory (e.g. '256mb'), or remove evictionPolicy."],
    ]);
  });
});
