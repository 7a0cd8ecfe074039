#!/usr/bin/env node
// The `creditgraph` command. The engine is TypeScript: tsx compiles it on the fly, so the command
// works straight from a clone, with no build step.
import { register } from 'tsx/esm/api';

// `creditgraph diff a b | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
