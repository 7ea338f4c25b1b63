/**
 * A line-based unified diff (Myers' O(ND) algorithm), enough for `synth --diff`.
 * Returns an empty string when both texts are equal.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === '=') {
      i++;
      continue;
    }
    let start = i;
    while (start > 0 && ops[start - 1]!.kind === '=' && i - start < context) start--;
    let end = i;
    let eqRun = 0;
    while (end < ops.length) {
      if (ops[end]!.kind === '=') {
        eqRun++;
        if (eqRun > context * 2) break;
      } else eqRun = 0;
      end++;
    }
    end -= Math.max(0, eqRun - context);
    const slice = ops.slice(start, end);
    const first = slice[0]!;
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    const aStart = aCount ? first.a + 1 : first.a;
    const bStart = bCount ? first.b + 1 : first.b;
    hunks.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const o of slice) hunks.push(`${o.kind === '=' ? ' ' : o.kind}${o.text}`);
    i = end;
  }
  return [`--- ${oldName}`, `+++ ${newName}`, ...hunks].join('\n') + '\n';
}

interface Op {
  readonly kind: '=' | '-' | '+';
  readonly text: string;
  /** Index in the old text (for '-' and '='), or of the position before insertion. */
  readonly a: number;
  readonly b: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace backwards to recover the edit script.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: '=', text: a[x]!, a: x, b: y });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', text: b[prevY]!, a: x, b: prevY });
      else ops.push({ kind: '-', text: a[prevX]!, a: prevX, b: y });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}
