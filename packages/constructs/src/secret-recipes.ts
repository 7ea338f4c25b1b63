/** Named ways to generate a secret on the server. */
export type SecretRecipe =
  | 'hex-16'
  | 'hex-32'
  | 'hex-64'
  | 'base64-32'
  | 'base64-64'
  | 'alnum-16'
  | 'alnum-24'
  | 'alnum-32'
  | 'alnum-48';

export interface RecipeInfo {
  /** What the value looks like, for `.env.example`. */
  readonly description: string;
  /** A POSIX shell command that prints one fresh value (uses only openssl and coreutils). */
  readonly command: string;
  /** True when the value can sit in a URL without escaping. */
  readonly urlSafe: boolean;
}

const alnum = (n: number): RecipeInfo => ({
  description: `${n} random letters and digits`,
  command: `LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c ${n}`,
  urlSafe: true,
});
const hex = (n: number): RecipeInfo => ({
  description: `${n} random bytes, hex-encoded (${n * 2} characters)`,
  command: `openssl rand -hex ${n}`,
  urlSafe: true,
});
const base64 = (n: number): RecipeInfo => ({
  description: `${n} random bytes, base64-encoded`,
  command: `openssl rand -base64 ${n} | tr -d '\\n'`,
  urlSafe: false,
});

export const RECIPES: Readonly<Record<SecretRecipe, RecipeInfo>> = {
  'hex-16': hex(16),
  'hex-32': hex(32),
  'hex-64': hex(64),
  'base64-32': base64(32),
  'base64-64': base64(64),
  'alnum-16': alnum(16),
  'alnum-24': alnum(24),
  'alnum-32': alnum(32),
  'alnum-48': alnum(48),
};

export function isRecipe(x: string): x is SecretRecipe {
  return Object.hasOwn(RECIPES, x);
}
