/** Byte sizes as Compose and Docker read them: `512M`, `1g`, `256mb`, `1.5G`, plain bytes. */
const SIZE = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i;
const FACTOR: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes in `size`, or undefined when it is not a size. */
export function parseSize(size: unknown): number | undefined {
  if (typeof size !== 'string') return undefined;
  const m = SIZE.exec(size);
  if (!m) return undefined;
  return Number(m[1]) * FACTOR[m[2]!.toLowerCase()]!;
}

/** Why `size` is not a usable size, or undefined. */
export function sizeProblem(size: unknown): string | undefined {
  const bytes = parseSize(size);
  if (bytes === undefined) return `${JSON.stringify(size)} is not a size`;
  if (bytes <= 0) return `${JSON.stringify(size)} is not more than zero`;
  return undefined;
}

/** Redis sizes are whole numbers: `256mb`, `1gb`, `100000`. */
export function redisSizeProblem(size: unknown): string | undefined {
  if (typeof size !== 'string' || !/^[1-9]\d*(?:[kmg]b?)?$/i.test(size)) return `${JSON.stringify(size)} is not a Redis size`;
  return undefined;
}
