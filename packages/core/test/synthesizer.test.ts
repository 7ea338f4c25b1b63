import { Construct, type IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  Annotations,
  App,
  AspectPriority,
  Aspects,
  EnvFile,
  JsonFile,
  LazyReference,
  MarkdownFile,
  ScriptFile,
  SynthError,
  Testing,
  TextFile,
  TomlFile,
  Tokens,
  Validation,
  YamlFile,
  type IFileProducer,
  type OutputFile,
} from '../src/index.js';

class Producer extends Construct implements IFileProducer {
  constructor(scope: Construct, id: string, private readonly files: () => OutputFile[]) {
    super(scope, id);
  }
  produceFiles(): OutputFile[] {
    return this.files();
  }
}

describe('synthesize', () => {
  it('GIVEN a construct error THEN document checks still run (one round), and a producer that cannot render is skipped', () => {
    const app = new App({ name: 'shop' });
    Annotations.of(new Construct(app, 'bad')).addError('bad is wrong.', 'fix bad.');
    new Producer(app, 'doc', () => [new TextFile('a.txt', 'x').addCheck(() => [{ message: 'a.txt is wrong.', fix: 'fix a.' }])]);
    new Producer(app, 'broken', () => {
      throw new Error('cannot render an invalid construct');
    });
    const diagnostics = Testing.diagnostics(app);
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([
      ['shop/bad', 'bad is wrong.'],
      ['shop/doc', 'a.txt: a.txt is wrong.'],
    ]);
  });


  it('GIVEN problems on several constructs THEN reports all of them, each with its path and fix', () => {
    const app = new App({ name: 'shop' });
    const a = new Construct(app, 'a');
    const b = new Construct(a, 'b');
    Annotations.of(a).addError('a is wrong.', 'fix a.');
    Validation.add(b, () => [{ message: 'b is wrong.', fix: 'fix b.' }]);

    const error = (() => {
      try {
        Testing.synth(app);
      } catch (e) {
        return e as SynthError;
      }
    })();
    expect(error).toBeInstanceOf(SynthError);
    expect(error!.diagnostics.map((d) => [d.path, d.message, d.fix])).toEqual([
      ['shop/a', 'a is wrong.', 'fix a.'],
      ['shop/a/b', 'b is wrong.', 'fix b.'],
    ]);
    expect(error!.message).toContain('error shop/a/b: b is wrong. Fix: fix b.');
  });

  it('GIVEN a warning THEN acknowledging it on an ancestor silences it, and strict turns the others into failures', () => {
    const app = new App({ name: 'shop' });
    const quiet = new Construct(app, 'quiet');
    const loud = new Construct(app, 'loud');
    Annotations.of(new Construct(quiet, 'child')).addWarning('public-port', 'exposed.', 'bind to 127.0.0.1.');
    Annotations.of(loud).addWarning('public-port', 'exposed.', 'bind to 127.0.0.1.');
    Annotations.of(quiet).acknowledge('public-port', 'the LAN needs it');

    expect(Testing.synth(app).warnings.map((w) => [w.path, w.id])).toEqual([['shop/loud', 'public-port']]);
    expect(() => Testing.synth(app, { strict: true })).toThrow(SynthError);
  });

  it('GIVEN aspects THEN they run by priority, may add constructs, and see those constructs', () => {
    const app = new App({ name: 'shop' });
    new Construct(app, 'x');
    const order: string[] = [];
    Aspects.of(app).add({ visit: (n: IConstruct) => n === app && order.push('readonly') }, { priority: AspectPriority.READONLY });
    Aspects.of(app).add(
      {
        visit: (n: IConstruct) => {
          if (n !== app) return;
          order.push('mutating');
          new Construct(app, 'added');
        },
      },
      { priority: AspectPriority.MUTATING },
    );
    const seen: string[] = [];
    Aspects.of(app).add({ visit: (n: IConstruct) => seen.push(n.node.path) });
    Testing.synth(app);
    expect(order).toEqual(['mutating', 'readonly']);
    expect(seen).toContain('added');
  });

  it('GIVEN references forming a cycle THEN reports the cycle with the paths along it', () => {
    const app = new App({ name: 'shop' });
    const a = new Construct(app, 'a');
    const b = new Construct(app, 'b');
    Tokens.recordDependencies(a, { url: new LazyReference(b, 'b url', () => 'b') });
    Tokens.recordDependencies(b, [`x${new LazyReference(a, 'a url', () => 'a')}`]);
    const problems = Testing.diagnostics(app);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('dependency cycle: shop/a → shop/b → shop/a.');
  });

  it('GIVEN a reference in a template string THEN resolves it with literal parts escaped per target', () => {
    const app = new App();
    const ref = new LazyReference(app, 'pw', () => '${PW}');
    const ctx = { target: 'compose', literal: (t: string) => t.replace(/\$/g, '$$$$') };
    expect(Tokens.resolveString(`a$b:${ref}@h`, ctx)).toBe('a$$b:${PW}@h');
  });

  it('GIVEN two producers of one path THEN it is an error naming both', () => {
    const app = new App({ name: 'shop' });
    new Producer(app, 'one', () => [new TextFile('x.conf', 'a')]);
    new Producer(app, 'two', () => [new TextFile('x.conf', 'b')]);
    const [d] = Testing.diagnostics(app);
    expect(d).toMatchObject({ path: 'shop/two', message: 'output file "x.conf" is also produced by shop/one.' });
  });

  it('GIVEN every file kind THEN each carries the generated header in its own comment syntax, and modes fit', () => {
    const app = new App();
    new Producer(app, 'p', () => [
      new YamlFile('a.yml', { k: 'v' }),
      new TomlFile('a.toml', { k: 'v' }),
      new TextFile('a.sql', 'SELECT 1;', { comment: '--' }),
      new TextFile('Dockerfile', 'FROM x:1', { preamble: ['# syntax=docker/dockerfile:1'] }),
      new EnvFile('.env.example', [{ title: 'api', entries: [{ name: 'A', value: '', comment: ['how'] }] }]),
      new ScriptFile('run.sh', 'echo hi'),
      new MarkdownFile('README.md', '# Hi'),
      new JsonFile('x.json', { a: 1 }),
    ]);
    const out = Testing.synth(app);
    expect(out.text('a.yml')).toMatch(/^# Generated by Slipway from infra.ts. Do not edit this file:\n# change infra.ts/);
    expect(out.yaml('a.yml')).toEqual({ k: 'v' });
    expect(out.toml('a.toml')).toEqual({ k: 'v' });
    expect(out.text('a.sql')).toMatch(/^-- Generated by Slipway/);
    expect(out.text('Dockerfile')).toMatch(/^# syntax=docker\/dockerfile:1\n# Generated by Slipway/);
    expect(out.text('run.sh')).toMatch(/^#!\/usr\/bin\/env bash\n# Generated by Slipway/);
    expect(out.text('README.md')).toMatch(/^<!-- Generated by Slipway/);
    expect(JSON.parse(out.text('x.json'))).toEqual({ a: 1 });
    expect(out.env('.env.example')).toEqual({ A: '' });
    expect(out.modes).toMatchObject({ '.env.example': 0o600, 'run.sh': 0o755, 'a.yml': 0o644 });
  });

  it('GIVEN an invalid App name THEN it is an error with the fix', () => {
    const [d] = Testing.diagnostics(new App({ name: 'My Shop' }));
    expect(d).toMatchObject({ path: 'My Shop', message: 'App name "My Shop" is not a valid project name.' });
  });

  it('GIVEN a document check THEN its problems fail the synth with the file name', () => {
    const app = new App({ name: 'shop' });
    new Producer(app, 'p', () => [new TextFile('a.conf', 'bad').addCheck((t) => (t.includes('bad') ? [{ message: 'contains bad.', fix: 'remove it.' }] : []))]);
    expect(Testing.diagnostics(app)[0]).toMatchObject({ path: 'shop/p', message: 'a.conf: contains bad.' });
  });
});
