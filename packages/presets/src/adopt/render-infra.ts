import { secretVar, type EnvLine, type SecretDecl } from './env-wiring.js';

/** One service of the generated infra.ts. */
export interface ServicePlan {
  readonly variable: string;
  readonly preset: string;
  readonly id: string;
  /** Options other than env, already as TypeScript expressions (`source: './api'`). */
  readonly options: ReadonlyArray<readonly [string, string]>;
  readonly env: readonly EnvLine[];
  /** Comment lines written above the service. */
  readonly comments: readonly string[];
  /** Extra statements after it (Celery workers). */
  readonly after: readonly string[];
}

/** Everything the generated infra.ts holds. */
export interface InfraPlan {
  readonly name: string;
  readonly header: readonly string[];
  readonly data: ReadonlyArray<{ readonly variable: string; readonly construct: 'Postgres' | 'Redis'; readonly id: string; readonly props: string; readonly comment: string }>;
  readonly todos: readonly string[];
  readonly secrets: readonly SecretDecl[];
  readonly services: readonly ServicePlan[];
  readonly presetImports: readonly string[];
}

/** Renders the plan as a TypeScript program (two-space indent, single quotes, like the examples). */
export function renderInfra(plan: InfraPlan): string {
  const out: string[] = [];
  out.push(...plan.header.map((l) => `// ${l}`.trimEnd()), '');
  const constructs = ['App', ...new Set(plan.data.map((d) => d.construct)), ...(plan.secrets.length ? ['Secret'] : [])].sort();
  out.push(`import { ${constructs.join(', ')} } from '@slipway/constructs';`);
  if (plan.presetImports.length) out.push(`import { ${[...plan.presetImports].sort().join(', ')} } from '@slipway/presets';`);
  out.push('', `const app = new App({ name: ${str(plan.name)} });`, '');
  for (const d of plan.data) out.push(`// ${d.comment}`, `const ${d.variable} = new ${d.construct}(app, ${str(d.id)}${d.props ? `, ${d.props}` : ''});`);
  for (const t of plan.todos) out.push(...t.split('\n').map((l) => `// ${l}`.trimEnd()));
  if (plan.data.length || plan.todos.length) out.push('');
  if (plan.secrets.length) {
    for (const s of plan.secrets) {
      const how = s.kind === 'generate' ? `{ generate: 'hex-32' }` : `{ provided: ${str(`TODO: where to obtain ${s.env}`)} }`;
      out.push(`const ${secretVar(s.env)} = new Secret(app, ${str(s.env.toLowerCase().replace(/_/g, '-'))}, ${how});`);
    }
    out.push('');
  }
  for (const s of plan.services) {
    out.push(...s.comments.map((c) => `// ${c}`.trimEnd()));
    out.push(`const ${s.variable} = new ${s.preset}(app, ${str(s.id)}, {`);
    for (const [k, v] of s.options) out.push(`  ${k}: ${v},`);
    if (s.env.length) {
      out.push('  env: {');
      for (const l of s.env) out.push('expr' in l ? `    ${l.name}: ${l.expr},` : `    // ${l.name}: '…', // TODO ${l.todo}`);
      out.push('  },');
    }
    out.push('});', ...s.after, '');
  }
  out.push(
    '// Next: put a service behind HTTPS (nginx and Let\'s Encrypt by default):',
    `//   import { Domain } from '@slipway/constructs';`,
    `//   new Domain(app, 'site', { host: 'example.com', to: ${(plan.services.find((s) => s.preset === 'NextJs' || s.preset === 'ViteSpa') ?? plan.services[0])?.variable ?? 'web'} });`,
    '// and give the App an ACME e-mail: new App({ name: …, acme: { email: \'admin@example.com\' } }).',
    '',
    'app.synth();',
    '',
  );
  return out.join('\n');
}

/** A single-quoted TypeScript string literal. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
