export * from './init.js';
