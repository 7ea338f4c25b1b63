export * from './import/import-plan.js';
export * from './init.js';
