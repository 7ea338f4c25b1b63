import type { IConstruct } from 'constructs';

/**
 * Finds dependency cycles among constructs (recorded by references and `node.addDependency`).
 * Each cycle is returned once, as the list of constructs along it.
 */
export function findCycles(nodes: readonly IConstruct[]): IConstruct[][] {
  const state = new Map<IConstruct, 'visiting' | 'done'>();
  const cycles: IConstruct[][] = [];
  const stack: IConstruct[] = [];

  const visit = (n: IConstruct) => {
    state.set(n, 'visiting');
    stack.push(n);
    for (const dep of n.node.dependencies) {
      const s = state.get(dep);
      if (s === 'visiting') cycles.push(stack.slice(stack.indexOf(dep)));
      else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(n, 'done');
  };

  for (const n of nodes) if (!state.has(n)) visit(n);
  return cycles;
}
