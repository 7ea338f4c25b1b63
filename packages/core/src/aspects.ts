import type { IConstruct } from 'constructs';

/** A visitor applied to every construct under the scope it was added to, before validation. */
export interface IAspect {
  visit(node: IConstruct): void;
}

/** Options for {@link Aspects.add}. */
export interface AspectOptions {
  /**
   * Lower runs first.
   * @default {@link AspectPriority.DEFAULT}
   */
  readonly priority?: number;
}

/** Conventional priorities: mutate the tree first, then policies read it. */
export const AspectPriority = {
  MUTATING: 200,
  DEFAULT: 500,
  READONLY: 1000,
} as const;

interface AspectEntry {
  readonly aspect: IAspect;
  readonly priority: number;
}

const REGISTRY = new WeakMap<IConstruct, AspectEntry[]>();

/** The aspects attached to one construct. */
export class Aspects {
  static of(scope: IConstruct): Aspects {
    return new Aspects(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  add(aspect: IAspect, options: AspectOptions = {}): void {
    const list = REGISTRY.get(this.scope) ?? [];
    list.push({ aspect, priority: options.priority ?? AspectPriority.DEFAULT });
    REGISTRY.set(this.scope, list);
  }

  get all(): readonly AspectEntry[] {
    return REGISTRY.get(this.scope) ?? [];
  }
}

const MAX_ROUNDS = 10;

/**
 * Applies every aspect to every construct under the scope it was added to, by priority then tree
 * order. Aspects may add constructs or aspects; rounds repeat until nothing new is left to visit.
 */
export function invokeAspects(root: IConstruct): void {
  const done = new WeakMap<IConstruct, Set<IAspect>>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const pending: Array<{ node: IConstruct; entry: AspectEntry; order: number }> = [];
    let order = 0;
    const walk = (node: IConstruct, inherited: readonly AspectEntry[]) => {
      const here = [...inherited, ...Aspects.of(node).all];
      const seen = done.get(node);
      for (const entry of here) {
        if (!seen?.has(entry.aspect)) pending.push({ node, entry, order: order++ });
      }
      for (const child of node.node.children) walk(child, here);
    };
    walk(root, []);
    if (pending.length === 0) return;
    pending.sort((a, b) => a.entry.priority - b.entry.priority || a.order - b.order);
    for (const { node, entry } of pending) {
      const seen = done.get(node) ?? new Set<IAspect>();
      if (seen.has(entry.aspect)) continue;
      seen.add(entry.aspect);
      done.set(node, seen);
      entry.aspect.visit(node);
    }
  }
  throw new Error(`Aspects kept adding work after ${MAX_ROUNDS} rounds; an aspect adds constructs without end.`);
}
