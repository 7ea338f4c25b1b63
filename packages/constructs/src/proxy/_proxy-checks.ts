import { App as CoreApp, type ValidationProblem } from '@slipway/core';
import { Service } from '../service.js';
import { EMAIL, hostNameProblem } from './_host-names.js';
import type { ReverseProxy } from '../reverse-proxy.js';

/** An https URL without spaces, quotes or shell and config metacharacters (it reaches scripts and proxy files). */
const ACME_DIRECTORY = /^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%/-]*)?$/;

/** App-wide proxy checks: ACME account, sole owner of 80/443, dashboard settings. */
export function checkProxy(proxy: ReverseProxy): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const { acme, mode, options, kind } = proxy.settings;
  const app = CoreApp.of(proxy);
  if (mode === 'production') {
    if (!acme?.email) {
      out.push({
        message: 'the App has Domains served over HTTPS with automatic certificates, but no ACME e-mail.',
        fix: `set acme: { email: 'ops@example.com' } on the App (Let's Encrypt sends expiry notices there), or mode: 'local' for development.`,
      });
    } else if (!EMAIL.test(acme.email)) {
      out.push({ message: `ACME e-mail "${acme.email}" is not an e-mail address.`, fix: `set acme: { email: 'ops@example.com' }.` });
    }
    if (acme?.server !== undefined && !ACME_DIRECTORY.test(acme.server)) {
      out.push({
        message: `acme.server "${acme.server}" is not an https:// URL of an ACME directory.`,
        fix: `set acme: { server: 'https://acme.example.com/directory' }, or remove it to use Let's Encrypt.`,
      });
    }
  }
  for (const s of app.node.findAll().filter(Service.isService)) {
    if (s === proxy) continue;
    for (const p of s.props.ports ?? []) {
      const host = p.host ?? p.container;
      if (host === 80 || host === 443) {
        out.push({
          message: `${app.name}/${s.node.path} publishes host port ${host}, which the proxy needs.`,
          fix: `remove that port from ${s.name} and route it through a Domain (only the proxy publishes 80 and 443).`,
        });
      }
    }
  }
  if (options.dashboard) {
    if (kind !== 'traefik') out.push({ message: `a dashboard is a Traefik feature; this App uses ${kind}.`, fix: 'remove proxyOptions.dashboard, or set proxy: "traefik".' });
    const problem = hostNameProblem(options.dashboard.host);
    if (problem) out.push({ message: `dashboard host "${options.dashboard.host}" ${problem}.`, fix: 'use a fully qualified name such as "traefik.example.com".' });
  }
  if (options.traefikLabels && kind !== 'traefik') {
    out.push({ message: `traefikLabels is set but the App uses ${kind}.`, fix: 'remove traefikLabels, or set proxy: "traefik".' });
  }
  if (options.nginxVersion !== undefined && !/^1\.\d+(\.\d+)?$/.test(options.nginxVersion)) {
    out.push({ message: `nginxVersion "${options.nginxVersion}" is not an nginx version.`, fix: `use the version of your image, e.g. '1.22' or '1.28'.` });
  }
  return out;
}
