import { sh, type RunResult } from './engine.js';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  readonly redirect: string;
}

/**
 * A request to the stack's proxy on loopback, with `hosts` resolved to 127.0.0.1 (curl
 * --resolve), verifying TLS against `ca`. Bounded to 10 s.
 */
export function request(url: string, o: { hosts: readonly string[]; ca?: string; args?: string }): HttpAnswer & { raw: RunResult } {
  const resolve = o.hosts.flatMap((h) => [`--resolve ${h}:443:127.0.0.1`, `--resolve ${h}:80:127.0.0.1`]).join(' ');
  const marker = '\n--slipway-status--';
  const raw = sh(`curl -sS -m 10 ${o.ca ? `--cacert ${o.ca}` : ''} ${resolve} -D - ${o.args ?? ''} -w '${marker}%{http_code} %{redirect_url}' '${url}'`);
  const [head, rest] = splitOnce(raw.stdout);
  const at = rest.lastIndexOf(marker);
  const [status, redirect = ''] = rest.slice(at + marker.length).split(' ');
  return { status: Number(status), headers: head, body: rest.slice(0, at), redirect, raw };
}

/** Headers and body: the text before and after the first blank line (all body when there is none). */
function splitOnce(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : ['', text];
}

/** The value of a response header (case-insensitive), or undefined. */
export function header(answer: HttpAnswer, name: string): string | undefined {
  const m = new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'im').exec(answer.headers);
  return m?.[1];
}
