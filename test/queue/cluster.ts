/**
 * n8n (the version scripts/install-n8n.sh names) in queue mode, as a scaled-out install runs it:
 * Postgres holds workflows, executions and binary data; Redis carries the queue; one main process
 * takes webhooks and the public API and enqueues executions; two workers run them. All share one
 * user folder (the packed package, installed as a community package, and the encryption key).
 * Every port is a free loopback port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
	type ExamplesInstance,
	freePort,
	importCredentials,
	installTarball,
	type N8nHome,
	type N8nServer,
	type Owner,
	startExamplesInstance,
	startServer,
} from '../../scripts/n8n';
import { ensureQueueServices, type Postgres, type QueueServicesInstall, startPostgres, startRedis } from './services';

export interface Worker {
	name: string;
	/** `server.kill()` ends it as a crash would. */
	server: N8nServer;
}

export interface QueueCluster {
	install: QueueServicesInstall;
	postgres: Postgres;
	main: ExamplesInstance;
	workers: Worker[];
	/** Seconds each setup step took. */
	timings: Record<string, number>;
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	n8nDir: string;
	userFolder: string;
	tarball: string;
	emulatorUrl: string;
	owner: Owner;
	workers: number;
	/** Executions one worker runs at once (n8n's `worker --concurrency`). */
	concurrency: number;
}

/** A crashed worker's execution is found stalled (its lock expired, then the next check) within this time. */
export const STALLED_AFTER_MS = 15_000;

/** Public-API scopes the suite needs: deploy workflows, find executions and stop them. */
const API_KEY_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:activate',
	'workflow:delete',
	'execution:read',
	'execution:list',
	'execution:stop',
];

function databaseEnv(postgres: Postgres): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/** Runs n8n's migrations on a new database: any n8n command does, importing nothing is the quickest. */
async function migrate(n8nDir: string, postgres: Postgres): Promise<void> {
	const userFolder = mkdtempSync(join(tmpdir(), 'omocaptcha-migrate-'));
	try {
		await importCredentials({ n8nDir, userFolder, env: databaseEnv(postgres) }, []);
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const timings: Record<string, number> = {};
	const timed = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
		const started = performance.now();
		try {
			return await run();
		} finally {
			timings[step] = (performance.now() - started) / 1000;
		}
	};
	const stops: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
	};
	try {
		const install = await timed('postgres + redis packages (cached)', ensureQueueServices);
		// n8n's schema migrations take a while on a new database: they run once per n8n version, on a
		// cluster that is then cached and copied for every run.
		const template = { key: basename(options.n8nDir), prepare: async (fresh: Postgres) => await migrate(options.n8nDir, fresh) };
		const postgres = await timed('start postgres (a copy of the migrated, cached cluster)', async () => await startPostgres(install, { template }));
		stops.push(postgres.stop);
		const redis = await timed('start redis', async () => await startRedis(install));
		stops.push(redis.stop);

		const home: N8nHome = {
			n8nDir: options.n8nDir,
			userFolder: options.userFolder,
			env: {
				...databaseEnv(postgres),
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Binary data of executions lives in Postgres too, where every worker reads it.
				N8N_DEFAULT_BINARY_DATA_MODE: 'database',
				// Main and workers must share the key that encrypts credentials.
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				// At info level each created job id shows in the log of the worker that ran the batch.
				N8N_LOG_LEVEL: 'info',
				// A dead worker's batch counts as stalled after seconds, not n8n's default minute: a test
				// that kills a worker then sees within its own run whether n8n hands the batch to another.
				QUEUE_WORKER_LOCK_DURATION: String(STALLED_AFTER_MS - 5000),
				QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
				QUEUE_WORKER_STALLED_INTERVAL: '5000',
			},
		};
		installTarball(home, options.tarball);

		// The database is migrated already: the workers start while main imports and starts.
		const starting = timed('import + start n8n main + owner', async () =>
			await startExamplesInstance({
				home,
				server: { port: await freePort(), brokerPort: await freePort() },
				emulatorUrl: options.emulatorUrl,
				owner: options.owner,
				apiKeyScopes: API_KEY_SCOPES,
			}),
		).then((main) => {
			stops.push(main.server.stop);
			return main;
		});
		const startingWorkers = timed(`start ${options.workers} workers (meanwhile)`, async () =>
			await Promise.all(
				Array.from({ length: options.workers }, async (_, index) => {
					const healthPort = await freePort();
					const server = await startServer(home, {
						port: healthPort,
						brokerPort: await freePort(),
						args: ['worker', `--concurrency=${options.concurrency}`],
						env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
					});
					stops.push(server.stop);
					return { name: `worker ${index + 1}`, server };
				}),
			),
		);
		// Both settle before a failure is thrown: whatever did start is in `stops` by then.
		const [main, workers] = await Promise.allSettled([starting, startingWorkers]).then((results) => {
			for (const result of results) if (result.status === 'rejected') throw result.reason;
			return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [ExamplesInstance, Worker[]];
		});
		return { install, postgres, main, workers, timings, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
