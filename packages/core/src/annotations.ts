import type { IConstruct } from 'constructs';
import type { Problem } from './diagnostic.js';

const ERROR = 'slipway:error';
const WARNING = 'slipway:warning';
const ACK = 'slipway:acknowledged';

interface WarningEntry extends Problem {
  readonly id: string;
}

/**
 * Errors and warnings recorded on a construct, reported together at synth time.
 *
 * Constructors record problems here instead of throwing, so one synth reports every mistake.
 *
 * @example
 * Annotations.of(api).acknowledge('public-port', 'the LAN needs it');
 */
export class Annotations {
  static of(scope: IConstruct): Annotations {
    return new Annotations(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Records an error: synth fails and reports it with this construct's path. */
  addError(message: string, fix: string): void {
    this.scope.node.addMetadata(ERROR, { message, fix } satisfies Problem);
  }

  /** Records a warning with a stable id that can be acknowledged. */
  addWarning(id: string, message: string, fix: string): void {
    this.scope.node.addMetadata(WARNING, { id, message, fix } satisfies WarningEntry);
  }

  /** Silences warning `id` on this construct and everything under it. */
  acknowledge(id: string, reason: string): void {
    this.scope.node.addMetadata(ACK, { id, reason });
  }

  /** True when warning `id` is acknowledged here or on an ancestor. */
  isAcknowledged(id: string): boolean {
    return this.scope.node.scopes.some((s) =>
      s.node.metadata.some((m) => m.type === ACK && (m.data as { id: string }).id === id),
    );
  }

  /** Errors recorded directly on this construct. */
  get errors(): Problem[] {
    return this.entries<Problem>(ERROR);
  }

  /** Warnings recorded directly on this construct. */
  get warnings(): WarningEntry[] {
    return this.entries<WarningEntry>(WARNING);
  }

  private entries<T>(type: string): T[] {
    return this.scope.node.metadata.filter((m) => m.type === type).map((m) => m.data as T);
  }
}
