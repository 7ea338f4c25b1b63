/**
 * Image references as Docker parses them: `[registry[:port]/]path[:tag][@sha256:digest]`, path
 * components lowercase. Anything else fails at `docker pull`, long after synth.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = '(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?|\\[[0-9a-fA-F:]+\\](?::\\d+)?)';
const REFERENCE = new RegExp(`^(?:${REGISTRY}/)?${COMPONENT}(?:/${COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$`);

/** Why `image` is not a valid reference, or undefined. */
export function imageReferenceProblem(image: string): string | undefined {
  if (image.length > 255) return 'is longer than 255 characters';
  if (REFERENCE.test(image)) return undefined;
  if (/@sha256:/.test(image)) return 'has a malformed digest (sha256 needs 64 lowercase hex digits)';
  if (/[:/@]$/.test(image)) return 'is cut short (it ends with ":", "/" or "@")';
  if (/[A-Z]/.test(image.split(':')[0]!.split('/').slice(1).join('/') || image.split(':')[0]!)) return 'has uppercase letters in its name (names are lowercase)';
  return 'is not a valid image reference';
}
