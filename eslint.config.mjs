import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules are for the shipped package; tests, scripts, examples and benchmarks
// run in Node with files, servers and timers of their own.
export default [...config, { ignores: ['dist/**', 'test/**', 'scripts/**', 'examples/**', 'bench/**'] }];
