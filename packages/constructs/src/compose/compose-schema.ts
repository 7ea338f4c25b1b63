import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

let validator: ValidateFunction | undefined;

/** The Compose Specification schema (vendored from dclint, see scripts/sync-compose-schema.mjs). */
export function composeSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/compose-spec.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  delete schema.$schema; // draft-07 under an https URL Ajv does not know; Ajv's default is draft-07
  return schema;
}

/** Validates a Compose document; returns readable messages (JSON pointer + reason), empty when valid. */
export function validateComposeDocument(doc: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, logger: false }).compile(composeSchema());
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
  });
}
