import {
  AdminTool,
  App,
  Backup,
  Dockerfile,
  Domain,
  HealthCheck,
  Host,
  Network,
  Postgres,
  Redis,
  Secret,
  Service,
  Volume,
  plain,
  type AppProps,
} from '@slipway/constructs';
import { Annotations, synthesize, type Diagnostic } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CeleryWorker, Django, FastApi, Flask, NestJs, NextJs, SpringBoot, ViteSpa } from '../src/index.js';
import { fixture } from './_helpers.js';

/**
 * Realistic user mistakes, in process. infra.ts is transpiled, not type-checked, so runtime
 * values are the only guard: each mistake must fail the synth (or, when dangerous but legal,
 * warn with an id that --strict turns into a failure) with the construct path in the report, a
 * fix, no crash and no file produced.
 */
interface Mistake {
  readonly name: string;
  readonly build: (app: App) => unknown;
  /** Construct path the report must name (in its path or its message). */
  readonly path: string;
  /** Fragment of the message. */
  readonly says: string;
  /** Id of the warning, for dangerous-but-legal settings. */
  readonly warning?: string;
  readonly app?: AppProps;
}

const HC = HealthCheck.http(3000, '/health');
const IMG = 'acme/api:1.0.0';
const any = (x: unknown) => x as never;
const svc = (app: App, props: Record<string, unknown> = {}, id = 'api') => new Service(app, id, { image: IMG, port: 3000, healthCheck: HC, ...props });
const site = (app: App, props: Record<string, unknown> = {}) => new Domain(app, 'site', { host: 'shop.example.com', to: svc(app), ...props });
const flask = (app: App, o: Record<string, unknown> = {}) => new Flask(app, 'api', { source: fixture('flask-pip'), ...o });
const ACME: AppProps = { acme: { email: 'ops@example.com' } };

const MISTAKES: Mistake[] = [
  // Service: props and their types
  { name: 'restart "sometimes"', build: (app) => svc(app, { restart: 'sometimes' }), path: 'shop/api', says: 'restart "sometimes" is not a restart policy' },
  { name: 'typo helthCheck', build: (app) => svc(app, { helthCheck: HC }), path: 'shop/api', says: 'has no property "helthCheck"' },
  { name: 'typo enviroment', build: (app) => svc(app, { enviroment: { A: '1' } }), path: 'shop/api', says: 'has no property "enviroment"' },
  { name: 'typo readOnlyRootFs', build: (app) => svc(app, { readOnlyRootFs: true }), path: 'shop/api', says: 'has no property "readOnlyRootFs"' },
  { name: 'typo dependOn', build: (app) => svc(app, { dependOn: [] }), path: 'shop/api', says: 'has no property "dependOn"' },
  { name: 'ports as a number', build: (app) => svc(app, { ports: 3000 }), path: 'shop/api', says: 'ports must be a list' },
  { name: 'volumes as an object', build: (app) => svc(app, { volumes: { target: '/data' } }), path: 'shop/api', says: 'volumes must be a list' },
  { name: 'env as a string', build: (app) => svc(app, { env: 'NODE_ENV=production' }), path: 'shop/api', says: 'env must be an object' },
  { name: 'health check on another port', build: (app) => svc(app, { healthCheck: HealthCheck.http(8080, '/health') }), path: 'shop/api', says: 'probes port 8080, but the service listens on 3000' },
  { name: 'health check port out of range', build: (app) => svc(app, { port: undefined, healthCheck: HealthCheck.http(0, '/health') }), path: 'shop/api', says: 'health check port 0 is not a valid port' },
  { name: 'health check path with a space', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health check') }), path: 'shop/api', says: 'health check path "/health check"' },
  { name: 'health check tool httpie', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health', any('httpie')) }), path: 'shop/api', says: 'health check tool "httpie" is unknown' },
  { name: 'health check as a string', build: (app) => svc(app, { healthCheck: 'curl -f localhost:3000' }), path: 'shop/api', says: 'is not a HealthCheck' },
  { name: 'health check interval "30 seconds"', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health', 'wget', { interval: '30 seconds' }) }), path: 'shop/api', says: 'interval "30 seconds" is not a duration' },
  { name: 'health check timeout as a number', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health', 'wget', { timeout: any(5) }) }), path: 'shop/api', says: 'timeout 5 is not a duration' },
  { name: 'health check retries 0', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health', 'wget', { retries: 0 }) }), path: 'shop/api', says: 'retries 0 is not a whole number' },
  { name: 'health check timing typo', build: (app) => svc(app, { healthCheck: HealthCheck.http(3000, '/health', 'wget', any({ startperiod: '10s' })) }), path: 'shop/api', says: 'has no property "startperiod"' },
  { name: 'HealthCheck.shell with $$VAR', build: (app) => svc(app, { healthCheck: HealthCheck.shell('test -n "$$API_KEY"') }), path: 'shop/api', says: `"$$" followed by a name` },
  { name: 'stopGracePeriod "30 seconds"', build: (app) => svc(app, { stopGracePeriod: '30 seconds' }), path: 'shop/api', says: 'stopGracePeriod "30 seconds" is not a duration' },
  { name: 'stopGracePeriod as a number', build: (app) => svc(app, { stopGracePeriod: 30 }), path: 'shop/api', says: 'stopGracePeriod 30 is not a duration' },
  { name: 'cpus -1', build: (app) => svc(app, { resources: { cpus: -1 } }), path: 'shop/api', says: 'resources.cpus -1 is not a positive number' },
  { name: 'cpus as a string', build: (app) => svc(app, { resources: { cpus: '2' } }), path: 'shop/api', says: 'resources.cpus "2"' },
  { name: 'cpus 0', build: (app) => svc(app, { resources: { cpus: 0 } }), path: 'shop/api', says: 'resources.cpus 0' },
  { name: 'reserved cpus above the limit', build: (app) => svc(app, { resources: { cpus: 0.5, reservedCpus: 1 } }), path: 'shop/api', says: 'reservedCpus 1 is above the limit' },
  { name: 'memory reservation above the limit', build: (app) => svc(app, { resources: { memory: '256M', reservedMemory: '1G' } }), path: 'shop/api', says: 'reservedMemory 1G is above the limit memory 256M' },
  { name: 'memory "1 gigabyte"', build: (app) => svc(app, { resources: { memory: '1 gigabyte' } }), path: 'shop/api', says: 'resources.memory "1 gigabyte" is not a size' },
  { name: 'memory as a number', build: (app) => svc(app, { resources: { memory: 512 } }), path: 'shop/api', says: 'resources.memory 512 is not a size' },
  { name: 'resources typo memoryLimit', build: (app) => svc(app, { resources: { memoryLimit: '1G' } }), path: 'shop/api', says: 'has no property "memoryLimit"' },
  { name: 'image cut short', build: (app) => svc(app, { image: 'postgres:' }), path: 'shop/api', says: 'is cut short' },
  { name: 'image with a short digest', build: (app) => svc(app, { image: 'acme/api@sha256:abc123' }), path: 'shop/api', says: 'malformed digest' },
  { name: 'image with uppercase', build: (app) => svc(app, { image: 'Acme/API:1.0.0' }), path: 'shop/api', says: 'uppercase' },
  { name: 'image with a space', build: (app) => svc(app, { image: 'acme/api 1.0.0' }), path: 'shop/api', says: 'is not a valid image reference' },
  { name: 'image postgres:latest-alpine', build: (app) => svc(app, { image: 'postgres:latest-alpine' }), path: 'shop/api', says: 'floating tag "latest-alpine"' },
  { name: 'image node:lts-alpine', build: (app) => svc(app, { image: 'node:lts-alpine' }), path: 'shop/api', says: 'floating tag "lts-alpine"' },
  { name: 'image as a number', build: (app) => svc(app, { image: 16 }), path: 'shop/api', says: 'is not a string' },
  { name: 'two mounts on one target', build: (app) => svc(app, { volumes: [{ volume: new Volume(app, 'a'), target: '/data' }, { volume: new Volume(app, 'b'), target: '/data/' }] }), path: 'shop/api', says: 'two mounts share the target "/data"' },
  { name: 'mount with a string as volume', build: (app) => svc(app, { volumes: [{ volume: 'uploads', target: '/data' }] }), path: 'shop/api', says: 'names "uploads", not a Volume' },
  { name: 'mount with a typo kind holding a Volume', build: (app) => svc(app, { volumes: [{ vol: new Volume(app, 'data'), target: '/data' }] }), path: 'shop/api', says: 'has none of volume, bind' },
  { name: 'mount without a kind', build: (app) => svc(app, { volumes: [{ source: './data', target: '/data' }] }), path: 'shop/api', says: 'has none of volume, bind, outputFile or tmpfs' },
  { name: 'mount typo readonly', build: (app) => svc(app, { volumes: [{ bind: './conf', target: '/conf', readonly: true }] }), path: 'shop/api', says: 'has no property "readonly"' },
  { name: 'tmpfs size "64 megs"', build: (app) => svc(app, { volumes: [{ tmpfs: '/tmp', size: '64 megs' }] }), path: 'shop/api', says: 'tmpfs size "64 megs" is not a size' },
  { name: 'mount target with a colon', build: (app) => svc(app, { volumes: [{ bind: './conf', target: '/conf:ro' }] }), path: 'shop/api', says: 'contains ":" or ","' },
  { name: 'undefined env value', build: (app) => svc(app, { env: { API_URL: undefined } }), path: 'shop/api', says: '"API_URL" is undefined' },
  { name: 'null env value', build: (app) => svc(app, { env: { API_URL: null } }), path: 'shop/api', says: '"API_URL" is null' },
  { name: 'env value an object', build: (app) => svc(app, { env: { CONFIG: { a: 1 } } }), path: 'shop/api', says: 'not text, a number, a boolean or a Secret' },
  { name: 'env value a function', build: (app) => svc(app, { env: { NOW: () => 1 } }), path: 'shop/api', says: 'not text, a number, a boolean or a Secret' },
  { name: 'env value NaN', build: (app) => svc(app, { env: { WORKERS: Number('four') } }), path: 'shop/api', says: '"WORKERS" is NaN' },
  { name: '"Bearer undefined"', build: (app) => { const token: string | undefined = undefined; return svc(app, { env: { AUTH_HEADER: `Bearer ${token}` } }); }, path: 'shop/api', says: 'the text "undefined"' },
  { name: 'URL built from an unset host', build: (app) => { const host = (process.env as Record<string, string>)['SLIPWAY_NOT_SET']; return svc(app, { env: { API_URL: `https://${host}/v1` } }); }, path: 'shop/api', says: 'the text "undefined"' },
  { name: '[object Object] in a value', build: (app) => svc(app, { env: { ORIGIN: `${{ host: 'x' }}` } }), path: 'shop/api', says: 'the text "[object Object]"' },
  { name: 'literal password inside a Postgres URL', build: (app) => svc(app, { env: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } }), path: 'shop/api', says: 'URL with a literal password' },
  { name: 'literal password inside a Redis URL', build: (app) => svc(app, { env: { CACHE: 'redis://:s3cret@cache:6379/0' } }), path: 'shop/api', says: 'URL with a literal password' },
  { name: 'literal password inside an AMQP URL', build: (app) => svc(app, { env: { BROKER: 'amqp://guest:guest@mq:5672/' } }), path: 'shop/api', says: 'URL with a literal password' },
  { name: 'literal secret under a secret-like name', build: (app) => svc(app, { env: { JWT_SECRET: 'hunter2' } }), path: 'shop/api', says: 'looks like a secret but is set to a literal' },
  { name: 'invalid env name', build: (app) => svc(app, { env: { 'API-URL': 'x' } }), path: 'shop/api', says: 'environment variable name "API-URL" is invalid' },
  { name: 'command as a string', build: (app) => svc(app, { command: 'node main.js' }), path: 'shop/api', says: 'command must be a list of strings' },
  { name: 'entrypoint with a number', build: (app) => svc(app, { entrypoint: ['node', 3] }), path: 'shop/api', says: 'entrypoint must be a list of strings' },
  { name: 'command with $$VAR', build: (app) => svc(app, { command: ['sh', '-c', 'exec node main.js --port $$PORT'] }), path: 'shop/api', says: 'command contains "$$" followed by a name' },
  { name: 'user "root user"', build: (app) => svc(app, { user: 'root user' }), path: 'shop/api', says: 'user "root user" is not a user' },
  { name: 'user as a number', build: (app) => svc(app, { user: 1000 }), path: 'shop/api', says: 'user 1000 is not a user' },
  { name: 'lowercase capability', build: (app) => svc(app, { capAdd: ['net_admin'] }), path: 'shop/api', says: 'capAdd "net_admin" is not a Linux capability name' },
  { name: 'capDrop as a string', build: (app) => svc(app, { capDrop: 'ALL' }), path: 'shop/api', says: 'capDrop must be a list' },
  { name: 'port 70000', build: (app) => svc(app, { port: 70000, healthCheck: HealthCheck.none('test') }), path: 'shop/api', says: 'port 70000 is not a valid port' },
  { name: 'port protocol http', build: (app) => svc(app, { ports: [{ container: 3000, protocol: 'http' }] }), path: 'shop/api', says: 'protocol "http" is not tcp or udp' },
  { name: 'port mapping typo hostPort', build: (app) => svc(app, { ports: [{ container: 3000, hostPort: 8080 }] }), path: 'shop/api', says: 'has no property "hostPort"' },
  { name: 'fractional replicas', build: (app) => svc(app, { replicas: 1.5 }), path: 'shop/api', says: 'replicas must be a whole number' },
  { name: 'replicas with a published port', build: (app) => svc(app, { replicas: 2, ports: [{ container: 3000 }] }), path: 'shop/api', says: 'replicas cannot all publish the same host port' },
  { name: 'label value over two lines', build: (app) => svc(app, { labels: { 'com.example.team': 'core\nops' } }), path: 'shop/api', says: 'label "com.example.team" contains the control character U+000A' },
  { name: 'label name with a space', build: (app) => svc(app, { labels: { 'my label': 'x' } }), path: 'shop/api', says: 'label name "my label" is not valid' },
  { name: 'role "db"', build: (app) => svc(app, { role: 'db' }), path: 'shop/api', says: 'role "db" is not a role' },
  { name: 'build typo dockerFile', build: (app) => new Service(app, 'api', { build: any({ context: '.', dockerFile: 'Dockerfile.prod' }), healthCheck: HC }), path: 'shop/api', says: 'has no property "dockerFile"' },
  { name: 'image and build both', build: (app) => svc(app, { build: { context: '.' } }), path: 'shop/api', says: 'cannot have both "image" and "build"' },
  { name: 'neither image nor build', build: (app) => new Service(app, 'api', { healthCheck: HC }), path: 'shop/api', says: 'needs an "image" or a "build"' },
  { name: 'service name with uppercase', build: (app) => svc(app, { name: 'My_API' }), path: 'shop/api', says: 'service name "My_API" is not a valid host name' },
  { name: 'service name of 70 characters', build: (app) => svc(app, { name: 'a'.repeat(70) }), path: 'shop/api', says: 'is not a valid host name' },
  { name: 'dependsOn with a service name', build: (app) => svc(app, { dependsOn: ['db'] }), path: 'shop/api', says: 'dependsOn has "db", not a Service' },
  { name: 'networks with a network name', build: (app) => svc(app, { networks: ['backend'] }), path: 'shop/api', says: 'networks has "backend", not a Network' },
  { name: 'HealthCheck.command with a command line', build: (app) => svc(app, { healthCheck: HealthCheck.command(any('curl -f http://127.0.0.1:3000/health')) }), path: 'shop/api', says: 'a whole command line' },
  { name: 'HealthCheck.command with one string of words', build: (app) => svc(app, { healthCheck: HealthCheck.command(['pg_isready -U app']) }), path: 'shop/api', says: 'a whole command line' },
  { name: 'resources as a string', build: (app) => svc(app, { resources: '1G' }), path: 'shop/api', says: 'resources must be an object' },
  { name: 'labels as a list', build: (app) => svc(app, { labels: ['team=core'] }), path: 'shop/api', says: 'labels must be an object' },
  { name: 'env value a Date', build: (app) => svc(app, { env: { STARTED: new Date(0) } }), path: 'shop/api', says: 'not text, a number, a boolean or a Secret' },
  // Service: dangerous but legal
  { name: 'read-write Docker socket', build: (app) => svc(app, { volumes: [{ bind: '/var/run/docker.sock', target: '/var/run/docker.sock' }] }), path: 'shop/api', says: 'Docker socket is mounted read-write', warning: 'docker-socket-writable' },
  { name: 'read-write host root', build: (app) => svc(app, { volumes: [{ bind: '/', target: '/host' }] }), path: 'shop/api', says: "host's root filesystem is mounted read-write", warning: 'host-root-mount' },
  { name: 'root with SYS_ADMIN', build: (app) => svc(app, { user: 'root', capAdd: ['SYS_ADMIN'] }), path: 'shop/api', says: 'runs as root with capability SYS_ADMIN', warning: 'root-with-sys-admin' },
  { name: 'uid 0 with CAP_SYS_ADMIN', build: (app) => svc(app, { user: '0:0', capAdd: ['CAP_SYS_ADMIN'] }), path: 'shop/api', says: 'runs as root with capability SYS_ADMIN', warning: 'root-with-sys-admin' },
  { name: 'privileged through override', build: (app) => svc(app).override(any({ privileged: true })), path: 'shop/api', says: 'makes the container privileged', warning: 'privileged-override' },
  { name: 'host network through addOverride', build: (app) => svc(app).addOverride('network_mode', 'host'), path: 'shop/api', says: 'sets network_mode: host', warning: 'host-namespace-override' },
  { name: 'host pid through override', build: (app) => svc(app).override(any({ pid: 'host' })), path: 'shop/api', says: 'sets pid: host', warning: 'host-namespace-override' },
  { name: 'SYS_ADMIN through override', build: (app) => svc(app).override({ cap_add: ['SYS_ADMIN'] }), path: 'shop/api', says: 'lifting the container', warning: 'privileged-override' },
  { name: 'seccomp unconfined through override', build: (app) => svc(app).override({ security_opt: ['seccomp:unconfined'] }), path: 'shop/api', says: 'lifting the container', warning: 'privileged-override' },
  { name: 'public port', build: (app) => svc(app, { ports: [{ container: 3000, public: true }] }), path: 'shop/api', says: 'published on every interface', warning: 'public-port' },
  { name: 'no health check', build: (app) => new Service(app, 'api', { image: IMG }), path: 'shop/api', says: 'no health check', warning: 'no-healthcheck' },
  { name: 'dropCapabilities "no"', build: (app) => svc(app, { dropCapabilities: 'no' }), path: 'shop/api', says: 'dropCapabilities "no" is not true or false' },
  { name: 'readOnlyRootFilesystem "yes"', build: (app) => svc(app, { readOnlyRootFilesystem: 'yes' }), path: 'shop/api', says: 'readOnlyRootFilesystem "yes" is not true or false' },
  { name: 'Docker default capabilities kept', build: (app) => svc(app, { dropCapabilities: false }), path: 'shop/api', says: "keeps Docker's default capabilities", warning: 'capabilities-not-dropped' },
  { name: 'capability NET_ADMIN', build: (app) => svc(app, { capAdd: ['NET_ADMIN'] }), path: 'shop/api', says: 'capAdd grants NET_ADMIN', warning: 'extra-capability' },
  { name: 'capability SYS_PTRACE on Postgres', build: (app) => new Postgres(app, 'db', { capAdd: ['CHOWN', 'SETUID', 'SETGID', 'SYS_PTRACE'] }), path: 'shop/db', says: 'capAdd grants SYS_PTRACE', warning: 'extra-capability' },
  // Secrets
  { name: 'Secret never used', build: (app) => new Secret(app, 'stripe-key', { provided: 'Stripe dashboard' }), path: 'shop/stripe-key', says: 'no service uses the secret STRIPE_KEY', warning: 'unused-secret' },
  { name: 'Secret with neither recipe', build: (app) => new Secret(app, 'key', {}), path: 'shop/key', says: 'needs exactly one of "generate" or "provided"' },
  { name: 'Secret without props', build: (app) => new Secret(app, 'key', any(undefined)), path: 'shop/key', says: 'needs exactly one of "generate" or "provided"' },
  { name: 'Secret recipe hex-31', build: (app) => new Secret(app, 'key', { generate: any('hex-31') }), path: 'shop/key', says: 'unknown secret recipe "hex-31"' },
  { name: 'Secret typo generated', build: (app) => new Secret(app, 'key', any({ generated: 'hex-32' })), path: 'shop/key', says: 'has no property "generated"' },
  { name: 'Secret description over two lines', build: (app) => new Secret(app, 'key', { generate: 'hex-32', description: 'API key\nDB_PASSWORD=hunter2' }), path: 'shop/key', says: 'description contains the control character U+000A' },
  { name: 'Secret provided with a line separator', build: (app) => new Secret(app, 'key', { provided: 'vendor\u2028DB_PASSWORD=hunter2' }), path: 'shop/key', says: 'provided contains the control character U+2028' },
  { name: 'Secret envName with a dash', build: (app) => new Secret(app, 'key', { generate: 'hex-32', envName: 'jwt-secret' }), path: 'shop/key', says: '"jwt-secret" is not a valid environment variable name' },
  { name: 'two secrets on one variable', build: (app) => { new Secret(app, 'a', { generate: 'hex-32', envName: 'KEY' }); new Secret(app, 'b', { generate: 'hex-32', envName: 'KEY' }); }, path: 'shop/b', says: 'environment variable "KEY" is also used by shop/a' },
  // Networks and volumes
  { name: 'Network named like a database network', build: (app) => { new Postgres(app, 'db'); new Network(app, 'db-net', { internal: false }); }, path: 'shop/db-net', says: 'is the internal network Slipway creates for shop/db' },
  { name: 'Network internal "yes"', build: (app) => new Network(app, 'backend', { internal: any('yes') }), path: 'shop/backend', says: 'internal "yes" is not true or false' },
  { name: 'Network typo internl', build: (app) => new Network(app, 'backend', any({ internl: true })), path: 'shop/backend', says: 'has no property "internl"' },
  { name: 'Volume name with a space', build: (app) => new Volume(app, 'data', { name: 'My Data' }), path: 'shop/data', says: 'volume name "My Data" is not valid' },
  { name: 'Volume typo driver', build: (app) => new Volume(app, 'data', any({ driver: 'local' })), path: 'shop/data', says: 'has no property "driver"' },
  { name: 'two volumes with one name', build: (app) => { new Volume(app, 'a', { name: 'data' }); new Volume(app, 'b', { name: 'data' }); }, path: 'shop/b', says: 'volume name "data" is also used by shop/a' },
  // Postgres
  { name: 'Postgres version latest', build: (app) => new Postgres(app, 'db', { version: 'latest' }), path: 'shop/db', says: 'version "latest" is not a PostgreSQL version' },
  { name: 'Postgres version with variant', build: (app) => new Postgres(app, 'db', { version: '16-alpine' }), path: 'shop/db', says: 'version "16-alpine"' },
  { name: 'Postgres version as a number', build: (app) => new Postgres(app, 'db', { version: any(16) }), path: 'shop/db', says: 'version 16 is not a PostgreSQL version' },
  { name: 'Postgres tuning typo shared_buffer', build: (app) => new Postgres(app, 'db', { tuning: { shared_buffer: '256MB' } }), path: 'shop/db', says: 'did you mean "shared_buffers"' },
  { name: 'Postgres tuning typo max_conections', build: (app) => new Postgres(app, 'db', { tuning: { max_conections: 200 } }), path: 'shop/db', says: 'did you mean "max_connections"' },
  { name: 'Postgres tuning value an object', build: (app) => new Postgres(app, 'db', { tuning: { work_mem: any({ mb: 4 }) } }), path: 'shop/db', says: 'not a string or number' },
  { name: 'Postgres tuning with a dash', build: (app) => new Postgres(app, 'db', { tuning: { 'work-mem': '4MB' } }), path: 'shop/db', says: 'is not a PostgreSQL setting name' },
  { name: 'Postgres unknown setting', build: (app) => new Postgres(app, 'db', { tuning: { zzz_custom_knob: 1 } }), path: 'shop/db', says: 'is not a setting Slipway knows', warning: 'unknown-postgres-setting' },
  { name: 'Postgres database name with a dash', build: (app) => new Postgres(app, 'db', { database: 'my-shop' }), path: 'shop/db', says: 'database name "my-shop" is not a plain identifier' },
  { name: 'Postgres extension with a space', build: (app) => new Postgres(app, 'db', { extensions: ['uuid ossp'] }), path: 'shop/db', says: 'extension name "uuid ossp" is not valid' },
  { name: 'Postgres literal password', build: (app) => new Postgres(app, 'db', { password: any('hunter2') }), path: 'shop/db', says: 'password is not a Secret' },
  { name: 'Postgres typo extentions', build: (app) => new Postgres(app, 'db', any({ extentions: ['pgcrypto'] })), path: 'shop/db', says: 'did you mean "extensions"' },
  { name: 'Postgres restart typo', build: (app) => new Postgres(app, 'db', { restart: any('unless_stopped') }), path: 'shop/db', says: 'restart "unless_stopped" is not a restart policy' },
  // Redis
  { name: 'Redis maxMemory "256 MB"', build: (app) => new Redis(app, 'cache', { maxMemory: '256 MB' }), path: 'shop/cache', says: 'maxMemory "256 MB" is not a Redis size' },
  { name: 'Redis maxMemory with a command', build: (app) => new Redis(app, 'cache', { maxMemory: '1gb; redis-cli flushall' }), path: 'shop/cache', says: 'is not a Redis size' },
  { name: 'Redis maxMemory as a number', build: (app) => new Redis(app, 'cache', { maxMemory: any(256) }), path: 'shop/cache', says: 'maxMemory 256 is not a Redis size' },
  { name: 'Redis evictionPolicy lru', build: (app) => new Redis(app, 'cache', { maxMemory: '256mb', evictionPolicy: any('lru') }), path: 'shop/cache', says: 'evictionPolicy "lru" is not a Redis policy' },
  { name: 'Redis evictionPolicy without maxMemory', build: (app) => new Redis(app, 'cache', { evictionPolicy: 'noeviction' }), path: 'shop/cache', says: 'has no effect without maxMemory' },
  { name: 'Redis persistence always', build: (app) => new Redis(app, 'cache', { persistence: any('always') }), path: 'shop/cache', says: 'persistence "always" is unknown' },
  { name: 'Redis version latest', build: (app) => new Redis(app, 'cache', { version: 'latest' }), path: 'shop/cache', says: 'version "latest" is not a Redis version' },
  { name: 'Redis typo maxmemory', build: (app) => new Redis(app, 'cache', any({ maxmemory: '256mb' })), path: 'shop/cache', says: 'did you mean "maxMemory"' },
  // Backup and admin tools
  { name: 'Backup of a Redis', build: (app) => new Backup(app, 'backup', { database: any(new Redis(app, 'cache')) }), path: 'shop/backup', says: 'Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets' },
  { name: 'Backup without a database', build: (app) => new Backup(app, 'backup', any({})), path: 'shop/backup', says: 'Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets' },
  { name: 'Backup keep 0', build: (app) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), keep: 0 }), path: 'shop/backup', says: 'keep must be a whole number' },
  { name: 'Backup typo retention', build: (app) => new Backup(app, 'backup', any({ database: new Postgres(app, 'db'), retention: 14 })), path: 'shop/backup', says: 'has no property "retention"' },
  { name: 'Backup S3 over http', build: (app) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: { endpoint: 'http://s3.example.com', bucket: 'shop-backups' } }), path: 'shop/backup', says: 'is not an https:// URL' },
  { name: 'Backup S3 bucket uppercase', build: (app) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: { endpoint: 'https://s3.example.com', bucket: 'Shop_Backups' } }), path: 'shop/backup', says: 'is not a valid S3 bucket name' },
  { name: 'Backup S3 prefix with a space', build: (app) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: { endpoint: 'https://s3.example.com', bucket: 'shop-backups', prefix: 'my backups' } }), path: 'shop/backup', says: "outside S3's safe set" },
  { name: 'Backup S3 typo secretkey', build: (app) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: any({ endpoint: 'https://s3.example.com', bucket: 'shop-backups', secretkey: 'x' }) }), path: 'shop/backup', says: 'has no property "secretkey"' },
  { name: 'AdminTool unknown kind', build: (app) => new AdminTool(app, 'admin', { kind: any('phpmyadmin'), databases: [new Postgres(app, 'db')] }), path: 'shop/admin', says: 'phpmyadmin' },
  // Domains
  { name: 'referrerPolicy typo no-referer', build: (app) => site(app, { referrerPolicy: 'no-referer' }), path: 'shop/site', says: 'referrerPolicy has "no-referer", which is not a referrer policy' },
  { name: 'referrerPolicy injection', build: (app) => site(app, { referrerPolicy: 'no-referrer" always; } location /x { return 200; } #' }), path: 'shop/site', says: 'is not a referrer policy' },
  { name: 'permissionsPolicy "camera none"', build: (app) => site(app, { permissionsPolicy: 'camera none' }), path: 'shop/site', says: 'permissionsPolicy is not a list of feature=(allowlist) directives' },
  { name: 'permissionsPolicy with a brace', build: (app) => site(app, { permissionsPolicy: 'camera=()}' }), path: 'shop/site', says: 'permissionsPolicy is not a list' },
  { name: 'frameOptions ALLOW', build: (app) => site(app, { frameOptions: 'ALLOW' }), path: 'shop/site', says: 'frameOptions "ALLOW" is not DENY or SAMEORIGIN' },
  { name: 'host with a scheme', build: (app) => site(app, { host: 'https://shop.example.com' }), path: 'shop/site', says: 'contains a scheme, port, path or space' },
  { name: 'Domain without to', build: (app) => new Domain(app, 'site', any({ host: 'shop.example.com' })), path: 'shop/site', says: 'the route has no "to"' },
  { name: 'Domain to a Secret', build: (app) => new Domain(app, 'site', any({ host: 'shop.example.com', to: new Secret(app, 'k', { generate: 'hex-16' }) })), path: 'shop/site', says: 'not a Service' },
  { name: 'cors allowOrigins as a string', build: (app) => site(app, { cors: { allowOrigins: 'https://app.example.com' } }), path: 'shop/site', says: 'cors allowOrigins must be a list' },
  { name: 'host missing', build: (app) => new Domain(app, 'site', any({ to: svc(app) })), path: 'shop/site', says: 'a Domain needs at least one host name' },
  { name: 'Domain typo pathprefix', build: (app) => site(app, { pathprefix: '/api' }), path: 'shop/site', says: 'did you mean "pathPrefix"' },
  { name: 'rateLimit typo rate', build: (app) => site(app, { rateLimit: { rate: 10 } }), path: 'shop/site', says: 'has no property "rate"' },
  { name: 'maxBodySize "10 megabytes"', build: (app) => site(app, { maxBodySize: '10 megabytes' }), path: 'shop/site', says: 'maxBodySize "10 megabytes" is not a size' },
  { name: 'spa "yes"', build: (app) => site(app, { spa: 'yes' }), path: 'shop/site', says: 'spa "yes" is not true or false' },
  { name: 'wwwRedirect true', build: (app) => site(app, { wwwRedirect: true }), path: 'shop/site', says: 'wwwRedirect true is unknown' },
  { name: 'header value with $', build: (app) => site(app, { headers: { 'X-Build': '$GIT_SHA' } }), path: 'shop/site', says: 'nginx expands as a variable' },
  { name: 'header value with a newline', build: (app) => site(app, { headers: { 'X-Note': 'a\nb' } }), path: 'shop/site', says: 'control character U+000A' },
  { name: 'csp with a brace', build: (app) => site(app, { csp: "default-src 'self'; script-src {nonce}" }), path: 'shop/site', says: 'Caddy reads as a placeholder' },
  { name: 'HSTS max-age of a day', build: (app) => site(app, { hsts: { maxAge: 86400 } }), path: 'shop/site', says: 'shorter than one year' },
  { name: 'timeouts typo', build: (app) => site(app, { timeouts: { readTimeout: 60 } }), path: 'shop/site', says: 'has no property "readTimeout"' },
  { name: 'basic-auth realm over two lines', build: (app) => site(app, { basicAuth: { realm: 'Staff\nonly', users: [{ user: 'ops', password: new Secret(app, 'ops-password', { generate: 'alnum-24' }) }] } }), path: 'shop/site', says: 'has characters the proxies cannot quote' },
  { name: 'basic-auth literal password', build: (app) => site(app, { basicAuth: { users: [{ user: 'ops', password: 'hunter2' }] } }), path: 'shop/site', says: 'a literal password would be written' },
  { name: 'Domain to a database', build: (app) => new Domain(app, 'site', { host: 'shop.example.com', to: new Postgres(app, 'db') }), path: 'shop/site', says: 'a database on its own internal network' },
  { name: 'Domain port differs from the service', build: (app) => site(app, { port: 8080 }), path: 'shop/site', says: 'which listens on 3000' },
  { name: 'user service with the id proxy, then a Domain', build: (app) => { const s = svc(app, {}, 'proxy'); new Domain(app, 'site', { host: 'shop.example.com', to: s }); }, path: 'shop/proxy', says: 'the id "proxy" is reserved for the reverse proxy' },
  { name: 'a Domain, then a user service with the id proxy', build: (app) => { site(app); svc(app, { port: 4000, healthCheck: HealthCheck.http(4000, '/health') }, 'proxy'); }, path: 'shop/proxy', says: 'the id "proxy" is reserved for the reverse proxy' },
  { name: 'user service named proxy', build: (app) => { site(app); svc(app, { name: 'proxy' }, 'edge'); }, path: 'shop/edge', says: 'reserved for the reverse proxy' },
  // App
  { name: 'App typo proxyOption', build: () => undefined, app: any({ proxyOption: { image: 'nginx:1.28.0' } }), path: 'shop', says: 'did you mean "proxyOptions"' },
  { name: 'App proxy apache', build: () => undefined, app: { proxy: any('apache') }, path: 'shop', says: 'proxy "apache" is not a supported proxy' },
  { name: 'App mode prod', build: () => undefined, app: { mode: any('prod') }, path: 'shop', says: 'mode "prod" is unknown' },
  { name: 'acme email without @', build: (app) => site(app), app: { acme: { email: 'ops at example.com' } }, path: 'shop/proxy', says: 'ops at example.com' },
  { name: 'acme typo', build: () => undefined, app: any({ acme: { mail: 'ops@example.com' } }), path: 'shop', says: 'has no property "mail"' },
  // Host
  { name: 'Host deploy user root', build: (app) => new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ops@laptop'], sshAllowFrom: ['203.0.113.7'], deployUser: 'root' }), path: 'shop/server', says: 'deployUser "root"' },
  { name: 'Host without sshKeys', build: (app) => new Host(app, 'server', any({ sshAllowFrom: ['203.0.113.7'] })), path: 'shop/server', says: 'needs at least one SSH public key' },
  { name: 'Host private key pasted', build: (app) => new Host(app, 'server', { sshKeys: ['-----BEGIN OPENSSH PRIVATE KEY-----'], sshAllowFrom: ['203.0.113.7'] }), path: 'shop/server', says: 'is not an OpenSSH public key line' },
  // null from JavaScript: "not set" where leaving the prop out is valid (null-props.test.ts), else an error
  { name: 'Secret with null props', build: (app) => new Secret(app, 'key', any(null)), path: 'shop/key', says: 'needs exactly one of "generate" or "provided"' },
  { name: 'Domain with null props', build: (app) => new Domain(app, 'site', any(null)), path: 'shop/site', says: 'a Domain needs at least one host name' },
  { name: 'Backup with null props', build: (app) => new Backup(app, 'backup', any(null)), path: 'shop/backup', says: 'Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets' },
  { name: 'Host with null props', build: (app) => new Host(app, 'server', any(null)), path: 'shop/server', says: 'needs at least one SSH public key' },
  { name: 'maxBodySize null', build: (app) => site(app, { maxBodySize: null }), path: 'shop/site', says: 'maxBodySize "null" is not a size' },
  { name: 'build null beside an image', build: (app) => svc(app, { build: null }), path: 'shop/api', says: 'build null is not a build' },
  { name: 'Postgres password null', build: (app) => new Postgres(app, 'db', { password: any(null) }), path: 'shop/db', says: 'password is not a Secret' },
  { name: 'CeleryWorker with null options', build: (app) => new CeleryWorker(app, 'worker', any(null)), path: 'shop/worker', says: 'CeleryWorker needs "from"' },
  { name: 'CeleryWorker from null', build: (app) => new CeleryWorker(app, 'worker', { from: any(null), app: 'app.celery' }), path: 'shop/worker', says: 'pass the preset itself' },
  { name: 'CeleryWorker app null', build: (app) => new CeleryWorker(app, 'worker', { from: flask(app), app: any(null) }), path: 'shop/worker', says: 'CeleryWorker needs "app"' },
  { name: 'Service env null', build: (app) => svc(app, { env: null }), path: 'shop/api', says: 'env must be an object of name: value, got null' },
  { name: 'Service port null', build: (app) => svc(app, { port: null }), path: 'shop/api', says: 'port null is not a valid port' },
  // Dockerfiles
  {
    name: 'Dockerfile ENV value with a newline',
    build: (app) => new Dockerfile(app, 'image', { context: '.' }).stage('runtime', 'node:22.14.0-bookworm-slim').env({ NOTE: 'x\nUSER root' }).user('1000').cmd(['node', 'main.js']),
    path: 'shop/image',
    says: 'ENV value "x\\nUSER root" contains the control character U+000A',
  },
  {
    name: 'Dockerfile LABEL value with a line separator',
    build: (app) => new Dockerfile(app, 'image', { context: '.' }).stage('runtime', 'node:22.14.0-bookworm-slim').label({ title: 'x\u2028USER root' }).user('1000').cmd(['node', 'main.js']),
    path: 'shop/image',
    says: 'LABEL value',
  },
  {
    name: 'Dockerfile RUN with a newline',
    build: (app) => new Dockerfile(app, 'image', { context: '.' }).stage('runtime', 'node:22.14.0-bookworm-slim').run('npm ci\nUSER root').user('1000').cmd(['node', 'main.js']),
    path: 'shop/image',
    says: 'RUN value',
  },
  // Presets
  { name: 'NextJs typo buildenv', build: (app) => new NextJs(app, 'web', any({ source: fixture('next-standalone'), buildenv: {} })), path: 'shop/web', says: 'did you mean "buildEnv"' },
  { name: 'NestJs typo healthcheck', build: (app) => new NestJs(app, 'api', any({ source: fixture('nest-npm'), healthcheck: HC })), path: 'shop/api', says: 'did you mean "healthCheck"' },
  { name: 'ViteSpa restart sometimes', build: (app) => new ViteSpa(app, 'web', { source: fixture('vite-berry'), restart: any('sometimes') }), path: 'shop/web', says: 'restart "sometimes"' },
  { name: 'Flask cpus -1', build: (app) => flask(app, { resources: { cpus: -1 } }), path: 'shop/api', says: 'resources.cpus -1' },
  { name: 'Flask health check on another port', build: (app) => flask(app, { port: 8000, healthCheck: HealthCheck.http(5000, '/health') }), path: 'shop/api', says: 'probes port 5000, but the service listens on 8000' },
  { name: 'Django typo collectStatic', build: (app) => new Django(app, 'web', any({ source: fixture('django-pip'), collectStatic: false })), path: 'shop/web', says: 'did you mean "collectstatic"' },
  { name: 'FastApi floating python image', build: (app) => new FastApi(app, 'api', { source: fixture('fastapi-uv'), pythonImage: 'python:latest' }), path: 'shop/api/image', says: 'floating tag "latest"' },
  { name: 'SpringBoot typo jreimage', build: (app) => new SpringBoot(app, 'api', any({ source: fixture('spring-maven'), jreimage: 'eclipse-temurin:21-jre' })), path: 'shop/api', says: 'did you mean "jreImage"' },
  { name: 'CeleryWorker typo concurency', build: (app) => new CeleryWorker(app, 'worker', any({ from: flask(app), app: 'app.celery', concurency: 4 })), path: 'shop/worker', says: 'did you mean "concurrency"' },
  { name: 'CeleryWorker memory reservation above limit', build: (app) => new CeleryWorker(app, 'worker', { from: flask(app), app: 'app.celery', resources: { memory: '256M', reservedMemory: '512M' } }), path: 'shop/worker', says: 'reservedMemory 512M is above the limit' },
];

function synthOf(m: Mistake, strict = false) {
  const app = new App({ name: 'shop', ...ACME, ...m.app });
  m.build(app);
  return { app, result: synthesize(app, { displayRoot: app.name, strict }) };
}

const mentions = (d: Diagnostic, path: string) => d.path === path || d.path.startsWith(`${path}~`) || d.message.includes(`${path}:`) || d.message.includes(`${path} `) || d.message.includes(`${path}.`);

describe('user mistakes, in process', () => {
  it('GIVEN the catalogue THEN it has more than a hundred mistakes with unique names', () => {
    expect(MISTAKES.length).toBeGreaterThan(100);
    expect(new Set(MISTAKES.map((m) => m.name)).size).toBe(MISTAKES.length);
  });

  it.each(MISTAKES.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const { result } = synthOf(m);
    const reported = result.diagnostics.filter((d) => (m.warning ? d.level === 'warning' && d.id === m.warning : d.level === 'error'));
    const match = reported.find((d) => mentions(d, m.path) && `${d.message} Fix: ${d.fix}`.includes(m.says));
    expect(match, `no ${m.warning ? `warning ${m.warning}` : 'error'} at ${m.path} saying "${m.says}" in:\n${result.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n')}`).toBeDefined();
    expect(match!.fix.length).toBeGreaterThan(10);
    for (const d of result.diagnostics) {
      expect(d.message).not.toMatch(/\n\s+at |TypeError|undefined \(reading/);
      expect(d.path.startsWith('shop')).toBe(true);
    }
    if (m.warning) {
      // Dangerous but legal: --strict refuses it, nothing is produced.
      const strict = synthOf(m, true).result;
      expect(strict.failed).toBe(true);
      expect(strict.files).toEqual([]);
    } else {
      expect(result.failed).toBe(true);
      expect(result.files).toEqual([]);
    }
  });

  it('GIVEN a dangerous setting acknowledged with a reason THEN the warning is gone', () => {
    const app = new App({ name: 'shop' });
    const api = svc(app, { volumes: [{ bind: '/var/run/docker.sock', target: '/var/run/docker.sock' }] });
    Annotations.of(api).acknowledge('docker-socket-writable', 'the deploy agent starts containers');
    expect(synthesize(app, { displayRoot: 'shop' }).diagnostics.map((d) => d.id)).not.toContain('docker-socket-writable');
  });

  it('GIVEN plain() on a flag with a secret-like name THEN every round of checks accepts it, as documented', () => {
    const app = new App({ name: 'shop' });
    svc(app, { image: 'mariadb:11.4.2', port: 3306, healthCheck: HealthCheck.none('test'), env: { MARIADB_RANDOM_ROOT_PASSWORD: plain('1') } }, 'db');
    const result = synthesize(app, { displayRoot: 'shop' });
    expect(result.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    const compose = parseYaml(result.files.find((f) => f.path === 'docker-compose.yml')!.content);
    expect(compose.services.db.environment.MARIADB_RANDOM_ROOT_PASSWORD).toBe('1');
  });

  it('GIVEN legitimate values that resemble mistakes THEN they are accepted', () => {
    const app = new App({ name: 'shop' });
    const token = new Secret(app, 'token', { generate: 'hex-32' });
    svc(app, {
      env: { LOG_FILE: '/dev/null', DEFAULTS: '{"limit":null}', AUTH: `Bearer ${token}`, PUBLIC_URL: 'https://user@example.com/x', PRICE: 'costs $5' },
      command: ['sh', '-c', 'echo $$ > /tmp/pid && exec node main.js'],
      resources: { cpus: 0.5, memory: '512 MB', reservedMemory: '256M' },
      stopGracePeriod: '1m30s',
      volumes: [{ bind: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }, { bind: '/', target: '/host', readOnly: true }],
    });
    new Postgres(app, 'db', { version: '16.4', tuning: { shared_buffers: '256MB', 'pg_stat_statements.max': 1000, DateStyle: 'ISO' } });
    new Redis(app, 'cache', { maxMemory: '256mb', evictionPolicy: 'noeviction', version: '7.4.2' });
    const result = synthesize(app, { displayRoot: 'shop' });
    expect(result.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([]);
  });

  it('GIVEN a Secret that no service uses THEN deploy.sh does not require it', () => {
    const app = new App({ name: 'shop' });
    svc(app, { env: { JWT_SECRET: new Secret(app, 'jwt', { generate: 'hex-32' }) } });
    new Secret(app, 'forgotten', { provided: 'nowhere' });
    const deploy = synthesize(app, { displayRoot: 'shop' }).files.find((f) => f.path === 'deploy.sh')!.content;
    expect(deploy).toContain('REQUIRED_VARS=(JWT)');
    expect(deploy).not.toContain('FORGOTTEN');
  });
});
