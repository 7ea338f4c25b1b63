import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSpaNginxConf } from '../src/spa-nginx-conf.js';

describe('renderSpaNginxConf', () => {
  it('GIVEN the SPA server block THEN the real nginx accepts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spa-nginx-'));
    try {
      writeFileSync(join(dir, 'default.conf'), renderSpaNginxConf({ port: 8080, root: '/usr/share/nginx/html', assetsPrefix: '/assets/', healthPath: '/healthz' }));
      // The image's nginx.conf includes conf.d/*.conf inside http {}; mimic it with paths in dir.
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  fastcgi_temp_path ${dir};\n  uwsgi_temp_path ${dir};\n  scgi_temp_path ${dir};\n  include ${dir}/default.conf;\n}\n`,
      );
      const out = execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8', stdio: 'pipe', timeout: 20_000 });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
