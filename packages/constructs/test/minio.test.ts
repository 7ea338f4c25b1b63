import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Minio, Service } from '../src/index.js';

describe('Minio', () => {
  it('GIVEN object storage used by an api THEN private, the bucket and an app user limited to it created at start, S3 references wired', () => {
    const app = new App({ name: 'shop' });
    const files = new Minio(app, 'files', { bucket: 'uploads' });
    new Service(app, 'api', {
      image: 'acme/api:1.0.0',
      env: { S3_ENDPOINT: files.endpoint, S3_BUCKET: files.bucket, S3_ACCESS_KEY: files.accessKey, S3_SECRET_KEY: files.secretKey },
      healthCheck: HealthCheck.http(3000, '/health'),
    });
    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');
    const s = compose.services.files;
    expect(s.image).toBe('minio/minio:RELEASE.2025-04-22T22-12-26Z');
    expect(s.ports).toBeUndefined();
    expect(s.networks).toEqual(['files-net']);
    expect(s.entrypoint[2]).toContain('mc mb --ignore-existing "local/$$MINIO_BUCKET"');
    expect(s.entrypoint[2]).toContain('mc admin policy attach local "$$MINIO_BUCKET-rw" --user "$$MINIO_APP_ACCESS_KEY"');
    expect(s.healthcheck.test).toEqual(['CMD-SHELL', 'test -f /tmp/slipway-ready && mc ready local >/dev/null']);
    expect(s.volumes).toEqual(['files-data:/data', './minio/files/app-policy.json:/slipway/app-policy.json:ro']);
    expect(JSON.parse(out.text('minio/files/app-policy.json')).Statement[1].Resource).toEqual(['arn:aws:s3:::uploads/*']);
    const api = compose.services.api;
    expect(api.environment.S3_ENDPOINT).toBe('http://files:9000');
    expect(api.environment.S3_BUCKET).toBe('uploads');
    expect(api.environment.S3_ACCESS_KEY).toMatch(/^\$\{FILES_ACCESS_KEY:\?/);
    expect(JSON.stringify(api.environment)).not.toContain('ROOT_PASSWORD');
    expect(api.depends_on).toEqual({ files: { condition: 'service_healthy' } });
    expect(api.networks).toEqual(['default', 'files-net']);
  });

  it('GIVEN bad props THEN errors with the construct path and a fix', () => {
    const app = new App({ name: 'shop' });
    new Minio(app, 'files', { version: 'latest', bucket: 'Uploads_1', accessKey: 'AKIA' as never });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error' && d.path === 'shop/files').map((d) => d.message);
    expect(errors).toEqual(expect.arrayContaining([
      'version "latest" is not a MinIO release tag.',
      'bucket name "Uploads_1" is not a valid S3 bucket name.',
      'accessKey is not a Secret (a literal would be written into docker-compose.yml).',
    ]));
  });
});
