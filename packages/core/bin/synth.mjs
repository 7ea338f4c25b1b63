#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript, bundled into dist/bundle.js with the rest of core
// (one module instance shared with the user's program).
import { runCli } from '../dist/bundle.js';

process.exitCode = await runCli(process.argv.slice(2));
