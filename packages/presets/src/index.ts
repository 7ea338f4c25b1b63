// The public API of @slipway/presets, by name.

// Framework presets.
export { NestJs, Express } from './nest-js.js';
export { NextJs } from './next-js.js';
export { ViteSpa } from './vite-spa.js';
export { Flask, FastApi, Django } from './python-apps.js';
export { CeleryWorker, CeleryBeat } from './celery.js';
export { SpringBoot } from './spring-boot.js';

// Writing a preset of your own: the base class and the helpers the presets above use.
export { FrameworkPreset, withDefaults, finishImage, shellThenExec, createSystemUser } from './framework-preset.js';

// Reading a project: what `synth init` and `synth import` use.
export { detect, PRESET_OF } from './detect.js';
export { planInit } from './adopt/init.js';
export { planImport } from './adopt/import/import-plan.js';

export type * from './celery.js';
export type * from './detect.js';
export type * from './framework-preset.js';
export type * from './nest-js.js';
export type * from './next-js.js';
export type * from './python-apps.js';
export type * from './spring-boot.js';
export type * from './vite-spa.js';
export type * from './adopt/init.js';
export type * from './adopt/import/import-plan.js';
