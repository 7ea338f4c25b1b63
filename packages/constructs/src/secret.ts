import { Annotations, LazyReference, Tokens, Validation, type Reference, type ResolveContext } from '@slipway/core';
import { Construct } from 'constructs';
import { ENV_NAME, envNameOf } from './_naming.js';
import { MODEL_TARGET, secretMarker } from './model/resolve-value.js';
import { isRecipe, RECIPES, type SecretRecipe } from './secret-recipes.js';
import { singleLineProblem } from './formats/text.js';
import { unknownKeys } from './validate/known-keys.js';

const SECRET_KEYS = ['generate', 'provided', 'envName', 'description'];

/** Properties of a {@link Secret}. Give exactly one of `generate` or `provided`. */
export interface SecretProps {
  /** Generate the value on the server with this recipe (see `init-secrets.sh`). */
  readonly generate?: SecretRecipe;
  /**
   * The operator provides the value; say where to get it
   * (e.g. `Stripe dashboard → Developers → API keys → Secret key`).
   */
  readonly provided?: string;
  /**
   * Environment variable that holds it.
   * @default from the construct path (`db/password` → `DB_PASSWORD`)
   */
  readonly envName?: string;
  /**
   * What the secret is for, shown in `.env.example`.
   * @default none
   */
  readonly description?: string;
}

const SECRET_SYMBOL = Symbol.for('@slipway/constructs.Secret');

/**
 * A secret value that never lands in a generated file. Compose reads it from `.env` with
 * `${VAR:?…}`, so a missing value stops `docker compose up` with a clear message; Swarm reads it
 * from a secret file where it can.
 *
 * @example
 * const jwt = new Secret(app, 'jwt-secret', { generate: 'hex-32' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/api:1.4.2', env: { JWT_SECRET: jwt } });
 */
export class Secret extends Construct {
  static isSecret(x: unknown): x is Secret {
    return typeof x === 'object' && x !== null && SECRET_SYMBOL in x;
  }

  /** The environment variable in `.env` that holds the value. */
  readonly variable: string;
  readonly recipe?: SecretRecipe;
  readonly providedHow?: string;
  readonly description?: string;
  /** The value, as a reference resolved per output format. */
  readonly value: Reference;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props (reported below: no recipe)
    super(scope, id);
    Object.defineProperty(this, SECRET_SYMBOL, { value: true });
    this.variable = props.envName ?? envNameOf(this);
    this.recipe = props.generate;
    this.providedHow = props.provided;
    this.description = props.description;
    this.value = new LazyReference(this, `secret ${this.variable}`, (ctx) => this.resolveFor(ctx));
    Validation.add(this, () => (this.isUsed() ? [] : [{
      warning: 'unused-secret',
      message: `no service uses the secret ${this.variable}; it is listed in .env.example but deploy.sh does not require it.`,
      fix: `pass it in a service's env (env: { ${this.variable}: secret }), or delete it.`,
    }]));

    const a = Annotations.of(this);
    if ((props.generate === undefined) === (props.provided === undefined)) {
      a.addError(
        'a Secret needs exactly one of "generate" or "provided".',
        `use { generate: 'hex-32' } for a value the server can make, or { provided: 'where to get it' } for one the operator supplies.`,
      );
    }
    if (props.generate !== undefined && !isRecipe(props.generate)) {
      a.addError(`unknown secret recipe "${props.generate}".`, `use one of: ${Object.keys(RECIPES).join(', ')}.`);
    }
    for (const p of unknownKeys(props, SECRET_KEYS, 'a Secret')) a.addError(p.message, p.fix);
    // These texts become comment lines of .env.example, and from there of .env: one line each.
    for (const key of ['provided', 'description'] as const) {
      const text = props[key];
      if (text === undefined) continue;
      const problem = typeof text === 'string' ? singleLineProblem(text) : 'is not a string';
      if (problem) a.addError(`${key} ${problem}; it would add lines to .env.example and .env.`, `write ${key} as one line of plain text.`);
    }
    if (typeof this.variable !== 'string' || !ENV_NAME.test(this.variable)) {
      a.addError(`"${this.variable}" is not a valid environment variable name.`, 'set envName to letters, digits and "_" (e.g. "JWT_SECRET").');
    }
  }

  /** True when some construct's environment (a Service's) carries this secret. */
  private isUsed(): boolean {
    return this.node.root.node.findAll().some((c) => {
      const env = (c as { environment?: unknown }).environment;
      if (!Array.isArray(env)) return false;
      const values = env.map(([, v]) => (Secret.isSecret(v) ? v.value : v));
      return Tokens.references(values).includes(this.value);
    });
  }

  /** True when the value can be embedded in a URL as is. */
  get urlSafe(): boolean {
    return this.recipe !== undefined && RECIPES[this.recipe]?.urlSafe === true;
  }

  /** Lets a secret be embedded in a template string: `` `Bearer ${token}` ``. */
  override toString(): string {
    return this.value.toString();
  }

  /** In the model, a secret part (each renderer says how its format reads it); elsewhere `${VAR}`. */
  private resolveFor(ctx: ResolveContext): string {
    return ctx.target === MODEL_TARGET ? secretMarker(this.variable) : `\${${this.variable}}`;
  }
}
