/**
 * Runs the OmoCaptcha emulator as a standalone server (v1 under /api, v2 under /v2 of the same host):
 *   node --import tsx test/emulator/cli.ts [--port 8765] [--host 127.0.0.1] [--token test-token]
 *     [--solve-ms 3000] [--fail-type 23|TiktokRotateWebTask]... [--balance 12.34500]
 *     [--point-separator _|'|'] [--create-latency-ms 0] [--v2-fail-shape current|older]
 *     [--transient-polls 0] [--hcaptcha-canvas click|drag]
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
			'v2-fail-shape': { type: 'string' },
			'transient-polls': { type: 'string' },
			'hcaptcha-canvas': { type: 'string' },
		},
		strict: true,
	});

	const separator = values['point-separator'];
	if (separator !== undefined && separator !== '_' && separator !== '|') {
		throw new Error(`--point-separator must be '_' or '|', got '${separator}'`);
	}
	const failShape = values['v2-fail-shape'];
	if (failShape !== undefined && failShape !== 'current' && failShape !== 'older') {
		throw new Error(`--v2-fail-shape must be 'current' or 'older', got '${failShape}'`);
	}
	const canvas = values['hcaptcha-canvas'];
	if (canvas !== undefined && canvas !== 'click' && canvas !== 'drag') {
		throw new Error(`--hcaptcha-canvas must be 'click' or 'drag', got '${canvas}'`);
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
		v2FailShape: failShape,
		transientPolls: integer('--transient-polls', values['transient-polls']),
		hcaptchaCanvas: canvas,
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
