import type { IConstruct } from 'constructs';
import type { Problem } from './diagnostic.js';

/** A problem found by a validation; with `warning` set it is a warning with that id. */
export interface ValidationProblem extends Problem {
  /** Id of the warning; omit for an error. */
  readonly warning?: string;
}

/** A deferred check on a construct, run after aspects, before rendering. */
export type ValidationFn = () => readonly ValidationProblem[];

const REGISTRY = new WeakMap<IConstruct, ValidationFn[]>();

/**
 * Deferred validations. Constructs register checks here instead of throwing from their
 * constructor, so a synth reports every problem at once.
 */
export const Validation = {
  add(scope: IConstruct, fn: ValidationFn): void {
    const list = REGISTRY.get(scope) ?? [];
    list.push(fn);
    REGISTRY.set(scope, list);
  },

  run(scope: IConstruct): ValidationProblem[] {
    return (REGISTRY.get(scope) ?? []).flatMap((fn) => fn());
  },
};
