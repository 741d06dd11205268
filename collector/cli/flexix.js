#!/usr/bin/env node
// The `flexix` command. The project runs from its TypeScript sources through tsx's loader, so there is no build step
// between a checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
