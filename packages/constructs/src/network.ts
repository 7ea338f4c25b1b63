import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';
import { DNS_NAME, dnsNameOf } from './_naming.js';
import { unknownKeys } from './validate/known-keys.js';

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /**
   * Network name in Compose.
   * @default from the construct path
   */
  readonly name?: string;
  /**
   * No route to the outside world.
   * @default false
   */
  readonly internal?: boolean;
}

const NETWORK_SYMBOL = Symbol.for('@slipway/constructs.Network');

/**
 * A user-defined network. Slipway already creates one internal network per database or cache
 * and joins only the services that reference it; declare a Network for anything beyond that.
 */
export class Network extends Construct {
  static isNetwork(x: unknown): x is Network {
    return typeof x === 'object' && x !== null && NETWORK_SYMBOL in x;
  }

  readonly name: string;
  readonly internal: boolean;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    super(scope, id);
    Object.defineProperty(this, NETWORK_SYMBOL, { value: true });
    this.name = props.name ?? dnsNameOf(this);
    this.internal = props.internal ?? false;
    for (const p of unknownKeys(props, ['name', 'internal'], 'a Network')) Annotations.of(this).addError(p.message, p.fix);
    if (typeof this.internal !== 'boolean') Annotations.of(this).addError(`internal ${JSON.stringify(this.internal)} is not true or false.`, 'set internal: true (no route outside) or leave it out.');
    if (typeof this.name !== 'string' || !DNS_NAME.test(this.name)) {
      Annotations.of(this).addError(`network name "${this.name}" is not valid.`, 'use lowercase letters, digits and "-" (e.g. "backend").');
    }
  }
}
