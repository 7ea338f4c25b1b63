import { describe, expect, test } from 'vitest';
import { LazyReference } from '@slipway/core';
import { App, HealthCheck, Postgres, Secret, Service, Testing } from '@slipway/constructs';
import { resolveValue } from '../../src/model/resolve-value.js';
import { literalOf, secretsOf, wholeSecretOf } from '../../src/model/values.js';
import { composeValue } from '../../src/formats/compose.js';
import { stackValue } from '../../src/swarm/_stack-values.js';
import { stackOf } from '../swarm/_fixture.js';

describe('model values: structured parts, escaped only by each renderer', () => {
  test('GIVEN literal text with "$" THEN the model keeps it as is; Compose escapes it, the model does not', () => {
    const v = resolveValue('costs $5 ${HOME}');
    expect(v).toEqual([{ kind: 'text', text: 'costs $5 ${HOME}' }]);
    expect(literalOf(v)).toBe('costs $5 ${HOME}');
    expect(composeValue(v)).toBe('costs $$5 $${HOME}');
  });

  test('GIVEN a database URL THEN text, the password secret, text; Compose and Swarm read the secret each their way', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    const v = resolveValue(`${db.url}?ssl=$x`);
    expect(v.map((p) => p.kind)).toEqual(['text', 'secret', 'text']);
    expect(secretsOf(v)).toEqual(['DB_PASSWORD']);
    expect(wholeSecretOf(v)).toBeUndefined();
    expect(composeValue(v)).toMatch(/^postgresql:\/\/app:\$\{DB_PASSWORD:\?DB_PASSWORD is not set: run \.\/init-secrets\.sh or see \.env\.example\}@db:5432\/app\?ssl=\$\$x$/);
    // docker stack deploy reads the first "-" of a message as a default: none here.
    expect(stackValue(v)).toContain('${DB_PASSWORD:?DB_PASSWORD is not set: see STACK.md}');
  });

  test('GIVEN a secret alone, a number, an empty string THEN one secret part, its text, no part', () => {
    const app = new App({ name: 'shop' });
    const s = new Secret(app, 'jwt', { generate: 'hex-32' });
    expect(wholeSecretOf(resolveValue(s.value))).toBe('JWT');
    expect(resolveValue(42)).toEqual([{ kind: 'text', text: '42' }]);
    expect(resolveValue('')).toEqual([]);
  });

  test('GIVEN a reference written outside Slipway THEN its text is a reference part, passed on verbatim by every format', () => {
    const app = new App({ name: 'shop' });
    const ref = new LazyReference(app, 'outside', () => '${FROM_ENV}');
    const v = resolveValue(`a$b:${ref}`);
    expect(v).toEqual([{ kind: 'text', text: 'a$b:' }, { kind: 'reference', text: '${FROM_ENV}' }]);
    expect(composeValue(v)).toBe('a$$b:${FROM_ENV}');
    expect(stackValue(v)).toBe('a$$b:${FROM_ENV}');
  });

  test('GIVEN text that looks like a part marker THEN it stays literal text', () => {
    expect(resolveValue('\uE000s:X\uE001')).toEqual([{ kind: 'text', text: '\uE000s:X\uE001' }]);
  });
});

describe('Swarm reads the structured model', () => {
  test('GIVEN a command without secrets (a Celery worker) THEN stack.yml keeps it, escaped like Compose', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    new Service(app, 'worker', { image: 'python:3.12-slim', command: ['celery', '-A', 'app', 'worker', '--name', 'w$1'], healthCheck: HealthCheck.none('t') });
    const stack = stackOf(app);
    const compose = Testing.synth(app).yaml('docker-compose.yml') as any;
    expect(stack.services.worker.command).toEqual(['celery', '-A', 'app', 'worker', '--name', 'w$$1']);
    expect(stack.services.worker.command).toEqual(compose.services.worker.command);
  });

  test('GIVEN literal text shaped like a required variable THEN it stays literal on Swarm; an override\'s required message loses its "-"', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const svc = new Service(app, 'svc', { image: 'busybox:1.37', env: { TEXT: '${X:?see-docs}' }, healthCheck: HealthCheck.none('t') });
    svc.addOverride('environment.FOO', '${FOO:?run ./set-it}');
    const env = stackOf(app).services.svc.environment;
    expect(env.TEXT).toBe('$${X:?see-docs}');
    expect(env.FOO).toBe('${FOO:?FOO is not set: see STACK.md}');
  });
});
