import { describe, expect, it } from 'vitest';
import { readComposeFile, shellWords } from '../../src/adopt/import/compose-file.js';

describe('readComposeFile', () => {
  it('GIVEN short and long port syntaxes THEN host IP, ranges and protocols are read', () => {
    const f = readComposeFile(`services:
  a:
    image: x:1
    ports: ["8080:80", "127.0.0.1:5432:5432", "53:53/udp", "9000-9001:9000-9001", "3000", { target: 443, published: 8443, host_ip: 0.0.0.0 }]
`);
    expect(f.services[0]!.ports.map((p) => [p.hostIp, p.host, p.container, p.protocol])).toEqual([
      [undefined, 8080, 80, 'tcp'],
      ['127.0.0.1', 5432, 5432, 'tcp'],
      [undefined, 53, 53, 'udp'],
      [undefined, 9000, 9000, 'tcp'],
      [undefined, 9001, 9001, 'tcp'],
      [undefined, undefined, 3000, 'tcp'],
      ['0.0.0.0', 8443, 443, 'tcp'],
    ]);
  });

  it('GIVEN volumes, list-form env, depends_on conditions and anchors THEN one shape for all', () => {
    const f = readComposeFile(`x-env: &env
  TZ: Europe/Paris
services:
  a:
    image: x:1
    environment: ["A=1", "B=x=y", "C"]
    volumes: ["data:/var/lib/x", "./conf:/etc/x:ro", "/cache", { type: tmpfs, target: /tmp, tmpfs: { size: 1000 } }]
    depends_on: { b: { condition: service_healthy } }
  b:
    image: y:2
    environment:
      <<: *env
      D: null
`);
    const [a, b] = f.services;
    expect(a!.environment).toEqual([['A', '1'], ['B', 'x=y'], ['C', '${C}']]);
    expect(a!.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/x', readOnly: false },
      { type: 'bind', source: './conf', target: '/etc/x', readOnly: true },
      { type: 'anonymous', target: '/cache' },
      { type: 'tmpfs', target: '/tmp', size: '1000' },
    ]);
    expect(a!.dependsOn).toEqual(['b']);
    expect(b!.environment).toEqual([['TZ', 'Europe/Paris'], ['D', '${D}']]);
    expect(f.otherTopLevel).toEqual(['x-env']);
  });

  it('GIVEN something that is not a Compose file THEN a readable error', () => {
    expect(() => readComposeFile('hello: world\n')).toThrow('this is not a Compose file: it has no "services" mapping.');
  });
});

describe('shellWords', () => {
  it('splits like a shell, without expansion', () => {
    expect(shellWords(`gunicorn -b 0.0.0.0:8000 "app:create_app()" --name 'my app' a\\ b ""`)).toEqual(['gunicorn', '-b', '0.0.0.0:8000', 'app:create_app()', '--name', 'my app', 'a b', '']);
  });
});
