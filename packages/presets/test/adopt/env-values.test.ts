import { describe, expect, it } from 'vitest';
import { envExpr, Secrets, wholeInterpolation, type DataRef } from '../../src/adopt/import/env-values.js';
import { Names } from '../../src/adopt/import/registry.js';

const DB: DataRef = { kind: 'postgres', compose: 'db', variable: 'db', user: 'shop', database: 'shop', password: 'pw-123456' };
const CACHE: DataRef = { kind: 'redis', compose: 'cache', variable: 'cache' };

function map(key: string, value: string, secrets = new Secrets(new Names())) {
  const notes: string[] = [];
  return { e: envExpr(key, value, 'api', [DB, CACHE], secrets, notes), notes, secrets };
}

describe('envExpr', () => {
  it('GIVEN URLs of the databases THEN references, keeping query strings and database numbers', () => {
    expect(map('DATABASE_URL', 'postgres://shop:pw-123456@db:5432/shop').e).toEqual({ kind: 'expr', code: 'db.url', uses: 'db' });
    expect(map('DATABASE_URL', 'postgresql://shop:pw-123456@db/shop?sslmode=disable').e).toMatchObject({ code: '`${db.url}?sslmode=disable`' });
    expect(map('BROKER', 'redis://cache:6379/3').e).toMatchObject({ code: 'cache.urlFor(3)' });
    expect(map('CACHE_URL', 'redis://:secret@cache:6379').e).toMatchObject({ code: 'cache.url' });
    expect(map('DB_HOST', 'db').e).toMatchObject({ code: 'db.host' });
    expect(map('DB_PASS', 'pw-123456').e).toMatchObject({ code: 'db.password' });
  });

  it('GIVEN secrets THEN one Secret per value, whatever the variable; plain values under secret-like names stay plain', () => {
    const secrets = new Secrets(new Names());
    expect(map('JWT_SECRET', 'abcdef123456', secrets).e).toMatchObject({ code: 'jwtSecret' });
    expect(map('OTHER_SECRET', 'abcdef123456', secrets).e).toMatchObject({ code: 'jwtSecret' });
    expect(map('SMTP_URL', 'smtp://mailer:m4il-pw@smtp.example.com:587', secrets).e).toMatchObject({ code: '`smtp://mailer:${smtpPassword.value}@smtp.example.com:587`' });
    expect(map('TOKEN_TTL', '3600', secrets).e).toMatchObject({ code: "plain('3600')" });
    expect(secrets.list.map((s) => s.env)).toEqual(['JWT_SECRET', 'SMTP_PASSWORD']);
  });

  it('GIVEN interpolations THEN ${VAR} is a Secret named VAR, a default becomes the value, a partial one stays raw', () => {
    const r = map('STRIPE_KEY', '${STRIPE_KEY}');
    expect(r.e).toMatchObject({ code: 'stripeKey' });
    expect(r.secrets.list[0]).toMatchObject({ env: 'STRIPE_KEY' });
    const d = map('LOG_LEVEL', '${LOG_LEVEL:-info}');
    expect(d.e).toMatchObject({ code: "'info'" });
    expect(d.notes[0]).toContain('became its default "info"');
    expect(map('PUBLIC_URL', 'https://${DOMAIN}/x').e).toEqual({ kind: 'raw', value: 'https://${DOMAIN}/x' });
    expect(map('PRICE', 'costs $$5').e).toMatchObject({ code: "'costs $5'" });
  });

  it('reads whole interpolations', () => {
    expect(wholeInterpolation('${A}')).toEqual({ name: 'A', fallback: undefined });
    expect(wholeInterpolation('${A:-x}')).toEqual({ name: 'A', fallback: 'x' });
    expect(wholeInterpolation('${A:?set A}')).toEqual({ name: 'A', fallback: undefined });
    expect(wholeInterpolation('$A')).toEqual({ name: 'A', fallback: undefined });
    expect(wholeInterpolation('x${A}')).toBeUndefined();
  });
});
