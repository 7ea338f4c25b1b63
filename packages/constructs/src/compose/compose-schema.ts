import { packageRootOf } from '@slipway/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import validate from './_compose-validator.generated.js';

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** The Compose Specification schema (vendored from dclint, see scripts/sync-compose-schema.mjs). */
export function composeSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRootOf(import.meta.url), 'schemas/compose-spec.json'), 'utf8')) as Record<string, unknown>;
}

/**
 * Validates a Compose document; returns readable messages (JSON pointer + reason), empty when valid.
 * The validator is precompiled from the schema (packages/constructs/scripts/compile-compose-validator.mjs).
 */
export function validateComposeDocument(doc: unknown): string[] {
  const check = validate as ((d: unknown) => boolean) & { errors?: AjvError[] | null };
  if (check(doc)) return [];
  return (check.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` ("${String(e.params.additionalProperty)}")` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
  });
}
