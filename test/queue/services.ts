/**
 * Throwaway Postgres and Redis servers for n8n's queue mode: Debian's packages (installed once by
 * scripts/ensure-queue-services.sh), each started on a free loopback port with its data in a temp
 * folder, ended with the suite. Postgres refuses to run as root: the script names the account to
 * run it as, and `setpriv` switches to it without a shell or a session in between.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, REPO_ROOT } from '../../scripts/n8n';

export interface QueueServicesInstall {
	/** Folder of postgres, initdb, pg_isready (Debian: /usr/lib/postgresql/<major>/bin). */
	pgBin: string;
	pgVersion: string;
	redisServer: string;
	redisVersion: string;
	/** Account the database server runs as (never root). */
	runAs: string;
}

/** Installs Postgres and Redis when missing (apt-get, once) and says where they are. */
export function ensureQueueServices(): QueueServicesInstall {
	const output = execFileSync('bash', [join(REPO_ROOT, 'scripts/ensure-queue-services.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const values = Object.fromEntries(
		output
			.split('\n')
			.map((line) => /^([A-Z_]+)=(.*)$/.exec(line))
			.filter((match) => match !== null)
			.map((match) => [match[1], match[2]]),
	);
	return { pgBin: values.PG_BIN, pgVersion: values.PG_VERSION, redisServer: values.REDIS_SERVER, redisVersion: values.REDIS_VERSION, runAs: values.RUN_AS };
}

interface Service {
	port: number;
	/** Everything the server printed (for failure messages). */
	output(): string;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	user: string;
	database: string;
	/** Runs SQL with psql and returns its unaligned, tuples-only output. */
	query(sql: string): string;
}

/** Runs a command as `account` (setpriv, no shell) when that is not the current user. */
function asAccount(account: string, command: string, args: string[]): [string, string[]] {
	if (account === userInfo().username) return [command, args];
	return ['setpriv', [`--reuid=${account}`, `--regid=${account}`, '--init-groups', '--', command, ...args]];
}

export interface PostgresOptions {
	database?: string;
	/**
	 * Start from a cached copy of the cluster as it was after `prepare` ran once on a new one (e.g.
	 * n8n's schema migrations), kept in `<OMO_CACHE>/postgres-<version>-<key>`.
	 */
	template?: { key: string; prepare: (postgres: Postgres) => Promise<void> };
}

/**
 * A Postgres cluster in a temp folder: trust authentication on loopback only, durability off
 * (fsync, synchronous commit: a test database need not survive a power cut). New, with `database`
 * created, or a copy of the cached template.
 */
export async function startPostgres(install: QueueServicesInstall, options: PostgresOptions = {}): Promise<Postgres> {
	const database = options.database ?? 'n8n';
	if (!options.template) {
		const root = newClusterFolder(install);
		initCluster(install, root);
		return await runCluster(install, root, database, true);
	}
	const cached = join(process.env.OMO_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-omocaptcha'), `postgres-${install.pgVersion}-${options.template.key}`);
	if (!existsSync(join(cached, '.complete'))) {
		const root = newClusterFolder(install);
		initCluster(install, root);
		const fresh = await runCluster(install, root, database, true);
		try {
			await options.template.prepare(fresh);
			await fresh.halt();
			// A private staging folder: two first runs at once must not write into each other.
			const partial = mkdtempSync(`${cached}.partial.`);
			execFileSync('cp', ['-a', join(root, 'data'), join(partial, 'data')]);
			writeFileSync(join(partial, '.complete'), '');
			if (existsSync(join(cached, '.complete'))) rmSync(partial, { recursive: true, force: true });
			else {
				rmSync(cached, { recursive: true, force: true });
				renameSync(partial, cached);
			}
		} finally {
			await fresh.stop();
		}
	}
	const root = newClusterFolder(install);
	execFileSync('cp', ['-a', join(cached, 'data'), join(root, 'data')]);
	const { uid, gid } = accountIds(install.runAs);
	execFileSync('chown', ['-R', `${uid}:${gid}`, join(root, 'data')]);
	return await runCluster(install, root, database, false);
}

/** A temp folder the database account owns, with a folder for its socket. */
function newClusterFolder(install: QueueServicesInstall): string {
	const root = mkdtempSync(join(tmpdir(), 'omocaptcha-pg-'));
	const { uid, gid } = accountIds(install.runAs);
	mkdirSync(join(root, 'socket'));
	chownSync(root, uid, gid);
	chownSync(join(root, 'socket'), uid, gid);
	return root;
}

function initCluster(install: QueueServicesInstall, root: string): void {
	execFileSync(
		...asAccount(install.runAs, join(install.pgBin, 'initdb'), ['-D', join(root, 'data'), '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']),
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
}

const SUPERUSER = 'postgres';

async function runCluster(install: QueueServicesInstall, root: string, database: string, createDatabase: boolean): Promise<Postgres & { halt(): Promise<void> }> {
	const port = await freePort();
	const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${join(root, 'socket')}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
	const child = spawn(...asAccount(install.runAs, join(install.pgBin, 'postgres'), ['-D', join(root, 'data'), '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])]), {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// SIGINT is Postgres's fast shutdown (SIGTERM would wait for n8n's pooled connections to close).
	const service = superviseProcess(child, 'SIGINT');
	const stop = async () => {
		await service.halt();
		rmSync(root, { recursive: true, force: true });
	};
	const psql = (sql: string, db: string) =>
		execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, '-d', db, '-v', 'ON_ERROR_STOP=1', '-XAtq', '-c', sql], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}).trim();
	try {
		await waitUntil('postgres', child, service.output, () => {
			try {
				psql('select 1', 'postgres');
				return true;
			} catch {
				return false;
			}
		});
		if (createDatabase) psql(`create database ${database}`, 'postgres');
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, user: SUPERUSER, database, output: service.output, halt: service.halt, stop, query: (sql) => psql(sql, database) };
}

/** A Redis on a free loopback port, in memory only (no snapshots, no append-only file). */
export async function startRedis(install: QueueServicesInstall): Promise<Service> {
	const dir = mkdtempSync(join(tmpdir(), 'omocaptcha-redis-'));
	const port = await freePort();
	const child = spawn(install.redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const service = superviseProcess(child, 'SIGTERM');
	const stop = async () => {
		await service.halt();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil('redis', child, service.output, () => service.output().includes('Ready to accept connections'));
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, output: service.output, stop };
}

function accountIds(account: string): { uid: number; gid: number } {
	const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, account], { encoding: 'utf8' }).trim()));
	return { uid, gid };
}

/** Keeps the process's output, kills it if this process exits first, and halts it with `signal` (SIGKILL after 10 s). */
function superviseProcess(child: ChildProcess, signal: NodeJS.Signals): { output(): string; halt(): Promise<void> } {
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-100_000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	return {
		output: () => output,
		halt: async () => {
			process.off('exit', killOnExit);
			if (child.exitCode === null && child.signalCode === null) {
				child.kill(signal);
				const stopped = await Promise.race([exited.then(() => true), sleep(10_000, false)]);
				if (!stopped) {
					child.kill('SIGKILL');
					await exited;
				}
			}
		},
	};
}

async function waitUntil(name: string, child: ChildProcess, output: () => string, ready: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}):\n${output().slice(-3000)}`);
		if (ready()) return;
		await sleep(100);
	}
	throw new Error(`${name} was not ready after ${timeoutMs / 1000} s:\n${output().slice(-3000)}`);
}
