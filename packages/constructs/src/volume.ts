import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';
import { DNS_NAME, dnsNameOf } from './_naming.js';
import { unknownKeys } from './validate/known-keys.js';

/** Properties of a {@link Volume}. */
export interface VolumeProps {
  /**
   * Volume name in Compose.
   * @default from the construct path (`db/data` → `db-data`)
   */
  readonly name?: string;
}

const VOLUME_SYMBOL = Symbol.for('@slipway/constructs.Volume');

/** A named Docker volume: data that outlives containers (database files, uploads). */
export class Volume extends Construct {
  static isVolume(x: unknown): x is Volume {
    return typeof x === 'object' && x !== null && VOLUME_SYMBOL in x;
  }

  readonly name: string;

  constructor(scope: Construct, id: string, props: VolumeProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    super(scope, id);
    Object.defineProperty(this, VOLUME_SYMBOL, { value: true });
    this.name = props.name ?? dnsNameOf(this);
    for (const p of unknownKeys(props, ['name'], 'a Volume')) Annotations.of(this).addError(p.message, p.fix);
    if (typeof this.name !== 'string' || !DNS_NAME.test(this.name)) {
      Annotations.of(this).addError(`volume name "${this.name}" is not valid.`, 'use lowercase letters, digits and "-" (e.g. "uploads").');
    }
  }
}
