// The public API of @slipway/constructs, by name. Renderers, the model builder and the Swarm
// translation are internals: reach them through an App (`app.model`, `app.addRenderer`).

// Constructs and their options.
export { App, DEPLOYMENT_TARGETS } from './app.js';
export { targetOf } from './target-of.js';
export { Service, DEFAULT_PIDS_LIMIT, plain, PlainValue } from './service.js';
export { HealthCheck, HEALTH_CHECK_DEFAULTS } from './health-check.js';
export { Postgres } from './postgres.js';
export { Redis } from './redis.js';
export { Valkey, type ValkeyProps } from './valkey.js';
export { MariaDb, type MariaDbProps } from './mariadb.js';
export { MySql, type MySqlProps } from './mysql.js';
export { MySqlCompatible, type MySqlCompatibleProps, type MySqlFlavour } from './mysql-compatible.js';
export { MongoDb, type MongoDbProps } from './mongodb.js';
export { RabbitMq, type RabbitMqProps } from './rabbitmq.js';
export { Minio, type MinioProps } from './minio.js';
export { Job, cronScheduleProblem, type JobProps } from './job.js';
export { Secret } from './secret.js';
export { RECIPES } from './secret-recipes.js';
export { Volume } from './volume.js';
export { Network } from './network.js';
export { Domain } from './domain.js';
export { ReverseProxy } from './reverse-proxy.js';
export { Dockerfile } from './dockerfile/dockerfile.js';
export { Stage } from './dockerfile/stage.js';
export { checkDockerfile, DOCKERFILE_WARNINGS } from './dockerfile/dockerfile-rules.js';
export { fromProgram, programDir } from './dockerfile/program-paths.js';
export { AdminTool, ADMIN_TOOL_IMAGES } from './ops/admin-tool.js';
export { Backup } from './ops/backup.js';
export { BackupSchedule } from './ops/backup-schedule.js';
export { CiWorkflow, type CiWorkflowProps } from './ops/ci-workflow.js';
export { DeployPolicy, DEFAULT_DEPLOY_SETTINGS } from './ops/deploy-policy.js';
export { Host } from './ops/host.js';
export { Monitoring, MONITORING_IMAGES } from './ops/monitoring.js';
export { PostgresAdminUser } from './ops/postgres-admin-user.js';

// Values of the deployment model, for renderers added with app.addRenderer.
export { literalOf, renderValue, secretsOf, textValue, wholeSecretOf } from './model/values.js';

// What presets and other packages reuse instead of writing it again.
export { shCommand, sh } from './formats/shell.js';
export { IMMUTABLE_CACHE } from './proxy/_route-values.js';
export { composeSchema, validateComposeDocument } from './compose/compose-schema.js';

// Types: props, options and the deployment model.
export type * from './app.js';
export type * from './app-renderer.js';
export type * from './compose/compose-types.js';
export type * from './domain.js';
export type * from './dockerfile/dockerfile.js';
export type * from './dockerfile/instructions.js';
export type * from './dockerfile/stage.js';
export type * from './health-check.js';
export type * from './model/deployment-model.js';
export type * from './model/values.js';
export type * from './network.js';
export type * from './ops/admin-tool.js';
export type * from './ops/backup.js';
export type * from './ops/backup-schedule.js';
export type * from './ops/deploy-policy.js';
export type * from './ops/host.js';
export type * from './ops/monitoring.js';
export type * from './model/ops-model.js';
export type * from './postgres.js';
export type * from './proxy/cors.js';
export type * from './model/proxy-model.js';
export type * from './proxy/proxy-options.js';
export type * from './redis.js';
export type * from './secret.js';
export type * from './secret-recipes.js';
export type * from './service.js';
export type * from './model/swarm-model.js';
export type * from './swarm/swarm-options.js';
export type * from './volume.js';

export { Annotations, Aspects, AspectPriority, Testing, Tokens, type IAspect } from '@slipway/core';
