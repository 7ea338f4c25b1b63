import type { IConstruct } from 'constructs';

/**
 * Where a reference is being resolved. Renderers pass their own target name (`compose`,
 * `swarm`, `env-example`…) so one reference can render differently per output format.
 */
export interface ResolveContext {
  readonly target: string;
  /**
   * Escapes literal text for the target (Compose turns `$` into `$$`). References apply it to
   * their literal parts only, never to what other references resolve to.
   * @default identity
   */
  readonly literal?: (text: string) => string;
}

/** Escapes literal text for a context. */
export function literalText(context: ResolveContext, text: string): string {
  return context.literal ? context.literal(text) : text;
}

const MARK_OPEN = '\u0000ref:';
const MARK_CLOSE = '\u0000';
const MARK_PATTERN = /\u0000ref:(\d+)\u0000/g;
const REGISTRY: Reference[] = [];

/**
 * A value known only at synth time, produced by one construct (a database URL, a secret).
 *
 * Passing a reference to another construct records the dependency between the two. A reference
 * may also be embedded in a template string: `${db.url}?sslmode=disable` works, and resolves at
 * synth time.
 */
export abstract class Reference {
  /** The construct whose output this is. */
  abstract readonly producer: IConstruct;

  /** A short human description, used in error messages (`the URL of dropit/db`). */
  abstract readonly description: string;

  private readonly index = REGISTRY.push(this) - 1;

  /** The final text of this value in the given context. */
  abstract resolve(context: ResolveContext): string;

  /** Other references this one is built from; their producers are dependencies too. */
  get parts(): readonly Reference[] {
    return [];
  }

  /** A marker that lets the reference travel inside strings; resolved by {@link Tokens}. */
  toString(): string {
    return `${MARK_OPEN}${this.index}${MARK_CLOSE}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Reference built from a function; the most common way to make one. */
export class LazyReference extends Reference {
  constructor(
    readonly producer: IConstruct,
    readonly description: string,
    private readonly fn: (context: ResolveContext) => string,
    private readonly children: readonly Reference[] = [],
  ) {
    super();
  }

  override get parts(): readonly Reference[] {
    return this.children;
  }

  resolve(context: ResolveContext): string {
    return this.fn(context);
  }
}

/** Helpers to find and resolve references inside plain values. */
export const Tokens = {
  /** True when the value is a reference or a string carrying one. */
  isUnresolved(value: unknown): boolean {
    if (value instanceof Reference) return true;
    return typeof value === 'string' && value.includes(MARK_OPEN);
  },

  /** Every reference inside a value (strings, arrays, objects), nested parts included, deduplicated. */
  references(value: unknown): Reference[] {
    const found = new Set<Reference>();
    const add = (ref: Reference) => {
      if (found.has(ref)) return;
      found.add(ref);
      ref.parts.forEach(add);
    };
    const walk = (v: unknown): void => {
      if (v instanceof Reference) add(v);
      else if (typeof v === 'string') {
        for (const m of v.matchAll(MARK_PATTERN)) add(REGISTRY[Number(m[1])]!);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(value);
    return [...found];
  },

  /** Resolves a string or reference to its final text; literal parts are escaped for the context. */
  resolveString(value: string | Reference, context: ResolveContext): string {
    if (value instanceof Reference) return value.resolve(context);
    let out = '';
    let last = 0;
    for (const m of value.matchAll(MARK_PATTERN)) {
      out += literalText(context, value.slice(last, m.index));
      out += REGISTRY[Number(m[1])]!.resolve(context);
      last = m.index! + m[0].length;
    }
    return out + literalText(context, value.slice(last));
  },

  /**
   * A reference made of literal text and other references, e.g. a URL with a password in it.
   * `parts` may mix strings and references; strings are escaped for the context.
   */
  concat(producer: IConstruct, description: string, parts: ReadonlyArray<string | Reference>): Reference {
    const refs = parts.filter((p): p is Reference => p instanceof Reference);
    return new LazyReference(
      producer,
      description,
      (ctx) => parts.map((p) => (typeof p === 'string' ? Tokens.resolveString(p, ctx) : p.resolve(ctx))).join(''),
      refs,
    );
  },

  /** Deep-resolves every reference inside a value. */
  resolve<T>(value: T, context: ResolveContext): T {
    const walk = (v: unknown): unknown => {
      if (v instanceof Reference || typeof v === 'string') return Tokens.resolveString(v, context);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  },

  /**
   * Records that `consumer` depends on the producer of every reference in `value`.
   * Returns those references.
   */
  recordDependencies(consumer: IConstruct, value: unknown): Reference[] {
    const refs = Tokens.references(value);
    for (const ref of refs) {
      if (ref.producer !== consumer && !consumer.node.scopes.includes(ref.producer)) {
        consumer.node.addDependency(ref.producer);
      }
    }
    return refs;
  },
};
