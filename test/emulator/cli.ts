/**
 * Runs the OmoCaptcha emulator as a standalone server:
 *   node --import tsx test/emulator/cli.ts [--port 8765] [--host 127.0.0.1] [--token test-token]
 *     [--solve-ms 3000] [--fail-type 23]... [--balance 12.34500] [--point-separator _|'|']
 *     [--create-latency-ms 0]
 */
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './server';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8765' },
			host: { type: 'string', default: '127.0.0.1' },
			token: { type: 'string', default: 'test-token' },
			'solve-ms': { type: 'string' },
			'fail-type': { type: 'string', multiple: true },
			balance: { type: 'string' },
			'point-separator': { type: 'string' },
			'create-latency-ms': { type: 'string' },
		},
		strict: true,
	});

	const separator = values['point-separator'];
	if (separator !== undefined && separator !== '_' && separator !== '|') {
		throw new Error(`--point-separator must be '_' or '|', got '${separator}'`);
	}
	const options: EmulatorOptions = {
		host: values.host,
		port: integer('--port', values.port),
		apiToken: values.token,
		solveMs: integer('--solve-ms', values['solve-ms']),
		failTypeIds: values['fail-type'],
		balance: values.balance,
		pointSeparator: separator,
		createLatencyMs: integer('--create-latency-ms', values['create-latency-ms']),
	};

	const emulator = await startEmulator(options);
	console.log(`OmoCaptcha emulator listening on ${emulator.url} (token: ${emulator.options.apiToken})`);

	const stop = () => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

function integer(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} must be a non-negative integer, got '${value}'`);
	return number;
}

main().catch((error: Error) => {
	console.error(`emulator: ${error.message}`);
	process.exit(1);
});
