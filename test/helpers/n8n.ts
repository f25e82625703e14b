/**
 * Runs real n8n workflow executions in-process (n8n-core's WorkflowExecute), so node code under
 * test gets the genuine `this.helpers.httpRequestWithAuthentication`, `getBinaryDataBuffer`,
 * `getExecutionCancelSignal()`, `continueOnFail()`, `getCredentials()` and so on.
 *
 * docs/testing-with-n8n.md says which pitfalls of running n8n in-process this works around.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Container } from '@n8n/di';
import {
	ErrorReporter,
	ExecutionLifecycleHooks,
	InstanceSettings,
	LoadOptionsContext,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IRunData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowDataProxyAdditionalKeys,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { FixtureItems } from './fixtureNode';

export { FixtureItems, fixtureItemsNode, FIXTURE_ITEMS_NODE_TYPE } from './fixtureNode';

interface RunWorkflowOptions {
	/** Node classes available besides the fixture node. */
	nodeTypes: Array<new () => INodeType>;
	credentialTypes?: Array<new () => ICredentialType>;
	/** Keyed by credential type name; each node declaring that credential type is wired to it. */
	credentials?: Record<
		string,
		{ id?: string; name?: string; data: ICredentialDataDecryptedObject }
	>;
	/** Workflow nodes; the first one is the start node unless `startNode` is given. */
	nodes: INode[];
	connections: IConnections;
	startNode?: string;
	/** Aborting it cancels the execution (like pressing Stop in n8n). */
	signal?: AbortSignal;
	/** Safety net, default 60_000: the execution is canceled and runWorkflow rejects. */
	timeoutMs?: number;
	/**
	 * How long the n-th credential read takes (0-based), like n8n reading it from its database on
	 * every authenticated request: a slow read delays the request's departure.
	 */
	credentialReadMs?: (call: number) => number;
}

export interface WorkflowRunResult {
	/** 'success' | 'error' | 'canceled' ... */
	status: string;
	runData: IRunData;
	/** The execution error, serialized as n8n has it. */
	error?: any;
	/** Output items (main[0]) of the node's first run; [] if none. */
	itemsOf(nodeName: string): INodeExecutionData[];
	/** The node's run error, if any. */
	errorOf(nodeName: string): any | undefined;
	/** The raw IRun, for anything not covered above. */
	run: IRun;
}

/** Connects nodes linearly: main output 0 of each node -> main input 0 of the next. */
export function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

// ---------------------------------------------------------------------------------------------
// Node and credential types

class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(classes: Array<new () => INodeType | IVersionedNodeType>) {
		for (const NodeClass of classes) {
			const instance = new NodeClass();
			this.types.set(instance.description.name, instance);
		}
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, {}]));
	}
}

class TestCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(classes: Array<new () => ICredentialType>) {
		for (const CredentialClass of classes) {
			const instance = new CredentialClass();
			this.types.set(instance.name, instance);
		}
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials helper: mirrors n8n's own CredentialsHelper (packages/cli) minus the database.

class StoredCredentials implements ICredentials {
	data: string | undefined = undefined;

	constructor(
		readonly id: string,
		readonly name: string,
		readonly type: string,
		private decrypted: ICredentialDataDecryptedObject,
	) {}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.decrypted);
	}

	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.decrypted) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.decrypted = structuredClone(data);
	}

	async updateData(
		toUpdate: ICredentialDataDecryptedObject,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...this.decrypted, ...toUpdate };
		for (const key of toDelete) delete data[key];
		this.decrypted = data;
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, StoredCredentials>();
	/** Simulated database latency of each credential read (see RunWorkflowOptions.credentialReadMs). */
	readDelayMs?: (call: number) => number;
	private reads = 0;

	constructor(
		private readonly credentialTypes: TestCredentialTypes,
		credentials: RunWorkflowOptions['credentials'] = {},
	) {
		super();
		for (const [type, entry] of Object.entries(credentials)) {
			this.stored.set(
				type,
				new StoredCredentials(
					entry.id ?? `${type}-id`,
					entry.name ?? `${type} account`,
					type,
					structuredClone(entry.data),
				),
			);
		}
	}

	/** What the harness writes into each node's `credentials` entry for this type. */
	detailsFor(type: string): INodeCredentialsDetails | undefined {
		const stored = this.stored.get(type);
		return stored ? { id: stored.id, name: stored.name } : undefined;
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions as IHttpRequestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		if (requestOptions.headers === undefined) requestOptions.headers = {};

		if (authenticate.type === 'generic') {
			// Same as n8n: every key and value of body/headers/qs/auth is resolved as an
			// expression with `$credentials` available, stringified, and set on the request.
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const additionalKeys = { $credentials: credentials } as IWorkflowDataProxyAdditionalKeys;
					const keyResolved = this.resolveValue(key, additionalKeys, workflow, node);
					const valueResolved = this.resolveValue(value, additionalKeys, workflow, node);
					if (!target[outerKey]) target[outerKey] = {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const value = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!value) return '';
		return value.toString();
	}

	/** Passthrough: the test credentials never expire, so there is nothing to refresh. */
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const stored = this.stored.get(type);
		if (!stored || (nodeCredentials.id && nodeCredentials.id !== stored.id)) {
			throw new UnexpectedError(
				`No test credentials of type "${type}" (id ${String(nodeCredentials.id)})`,
			);
		}
		return stored;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const delay = this.readDelayMs?.(this.reads++) ?? 0;
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
		const data = await (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return data;

		// Add the credential type's defaults, as n8n's applyDefaultsAndOverwrites does.
		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (data.oauthTokenData !== undefined) decrypted.oauthTokenData = data.oauthTokenData;

		// Expressions stored in credential fields are resolved in the node's context.
		if (expressionResolveValues) {
			decrypted = expressionResolveValues.workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = await this.getCredentials(nodeCredentials, type);
		await (stored as StoredCredentials).setData(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = await this.getCredentials(nodeCredentials, type);
		await (stored as StoredCredentials).updateData({ oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const typeData = this.credentialTypes.getByName(type);
		if (typeData.extends === undefined) return typeData.properties;
		const combined: INodeProperties[] = [];
		for (const parent of typeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeData.properties);
		return combined;
	}
}

// ---------------------------------------------------------------------------------------------
// Process-wide DI setup (one container; nothing written to ~/.n8n, nothing printed)

let containerReady = false;

function prepareContainer(): void {
	if (containerReady) return;
	containerReady = true;

	// InstanceSettings' constructor reads/creates ~/.n8n/config; a prototype-based stub keeps
	// its getters and methods but with in-memory settings in a temp folder.
	const n8nFolder = mkdtempSync(path.join(tmpdir(), 'n8n-test-'));
	const instanceSettings = Object.create(InstanceSettings.prototype) as Record<string, unknown>;
	Object.assign(instanceSettings, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		settingsFile: path.join(n8nFolder, 'config'),
		enforceSettingsFilePermissions: false,
		instanceRole: 'unset',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
		instanceType: 'main',
		hostId: 'main-test',
		settings: { encryptionKey: 'test-encryption-key-0123456789abcdef' },
		derivedInstanceId: 'test-instance',
		instanceId: 'test-instance',
		hmacSignatureSecret: 'test-hmac-secret',
	});
	// Only writes to disk in real InstanceSettings; keep it in memory.
	instanceSettings.update = function (this: { settings: object }, partial: object) {
		this.settings = { ...this.settings, ...partial };
	};
	Container.set(InstanceSettings, instanceSettings as unknown as InstanceSettings);

	// ErrorReporter prints node errors to stdout; the tests assert on them instead.
	const silentReporter = Object.create(ErrorReporter.prototype) as Record<string, unknown>;
	Object.assign(silentReporter, {
		error() {},
		warn() {},
		info() {},
		async init() {},
		async shutdown() {},
	});
	Container.set(ErrorReporter, silentReporter as unknown as ErrorReporter);
}

// ---------------------------------------------------------------------------------------------

const BASE_URL = 'http://localhost:5678';

function buildAdditionalData(
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: ICredentialsHelper,
	executionId: string,
	workflowId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the test harness`);
	};
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId,
		workflowId,
		userId: 'test-user',
		currentNodeExecutionIndex: 0,
		currentNodeParameters: undefined,
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('startRunnerTask'),
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

function wireCredentials(
	nodes: INode[],
	nodeTypes: INodeTypes,
	credentialsHelper: TestCredentialsHelper,
): INode[] {
	return nodes.map((node) => {
		const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
		const credentials = { ...(node.credentials ?? {}) };
		for (const { name } of description.credentials ?? []) {
			const details = credentialsHelper.detailsFor(name);
			if (details && !credentials[name]) credentials[name] = details;
		}
		return Object.keys(credentials).length ? { ...node, credentials } : { ...node };
	});
}

function makeResult(run: IRun): WorkflowRunResult {
	const runData = run.data.resultData.runData;
	return {
		status: run.status,
		runData,
		error: run.data.resultData.error,
		run,
		itemsOf: (nodeName) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		errorOf: (nodeName) => runData[nodeName]?.[0]?.error ?? undefined,
	};
}

/** Runs the workflow in-process and resolves when n8n reports `workflowExecuteAfter`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	prepareContainer();

	const nodeTypes = new TestNodeTypes([FixtureItems, ...options.nodeTypes]);
	const credentialTypes = new TestCredentialTypes(options.credentialTypes ?? []);
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, options.credentials);
	credentialsHelper.readDelayMs = options.credentialReadMs;

	const nodes = wireCredentials(options.nodes, nodeTypes, credentialsHelper);
	const startName = options.startNode ?? nodes[0]?.name;
	const startNode = nodes.find((node) => node.name === startName);
	if (!startNode) throw new UnexpectedError(`Start node "${String(startName)}" not found`);

	const workflowId = `wf-${randomUUID()}`;
	const executionId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
	const workflow = new Workflow({
		id: workflowId,
		name: 'test workflow',
		nodes,
		connections: options.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const workflowData = {
		id: workflowId,
		name: 'test workflow',
		active: false,
		isArchived: false,
		nodes,
		connections: options.connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;

	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	let resolveAfter!: (run: IRun) => void;
	const afterPromise = new Promise<IRun>((resolve) => (resolveAfter = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveAfter(fullRunData));

	const additionalData = buildAdditionalData(hooks, credentialsHelper, executionId, workflowId);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const execution = workflowExecute.processRunExecutionData(workflow);
	// With shouldReject=false a canceled run still resolves when its loop ends; errors here
	// are surfaced through workflowExecuteAfter anyway.
	const settled = execution.then(
		() => undefined,
		() => undefined,
	);

	const timeoutMs = options.timeoutMs ?? 60_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		execution.cancel();
	}, timeoutMs);

	const onAbort = () => execution.cancel();
	if (options.signal?.aborted) onAbort();
	else options.signal?.addEventListener('abort', onAbort, { once: true });

	try {
		const run = await afterPromise;
		// After a cancel, `workflowExecuteAfter` fires at once; give the in-flight node a moment
		// to see the abort and record its outcome so nothing outlives the test.
		if (run.status === 'canceled') {
			await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 5_000))]);
		}
		if (timedOut) {
			throw new Error(`runWorkflow: execution did not finish within ${timeoutMs} ms (canceled)`);
		}
		return makeResult(run);
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
	}
}

/**
 * Calls a node's `methods.loadOptions[method]` the way the editor does when a dropdown opens,
 * through n8n-core's real LoadOptionsContext (credentials, authenticated HTTP and all).
 */
export async function callLoadOptions(options: {
	nodeTypes: Array<new () => INodeType>;
	credentialTypes?: Array<new () => ICredentialType>;
	credentials?: RunWorkflowOptions['credentials'];
	node: INode;
	method: string;
}): Promise<INodePropertyOptions[]> {
	prepareContainer();
	const nodeTypes = new TestNodeTypes([FixtureItems, ...options.nodeTypes]);
	const credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes(options.credentialTypes ?? []), options.credentials);
	const [node] = wireCredentials([options.node], nodeTypes, credentialsHelper);
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes, active: false });
	const workflowData = { id: 'load-options', name: 'load options', nodes: [node], connections: {} } as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('manual', 'load-options', workflowData);
	const additionalData = buildAdditionalData(hooks, credentialsHelper, 'load-options', 'load-options');
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new UnexpectedError(`Node type ${node.type} has no loadOptions method "${options.method}"`);
	return await method.call(context);
}
