/**
 * A literal that looks like a secret by its name but is not one (e.g. `PUBLIC_KEY_ID`).
 * Wrap it with {@link plain} to say so; otherwise a literal under a secret-like name is an error.
 */
export class PlainValue {
  constructor(readonly value: string) {}
}

/** Marks a literal as intentionally public, despite a secret-like variable name. */
export function plain(value: string): PlainValue {
  return new PlainValue(value);
}
