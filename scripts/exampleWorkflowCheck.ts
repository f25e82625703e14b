/**
 * Checks an example n8n workflow (examples/workflows/*.json) offline, for what an import into n8n
 * would not catch until someone runs it: connections to nodes that do not exist, `$('Node')`
 * references to a renamed node, OmoCaptcha parameters the node does not have (or option values
 * it does not offer) for the chosen resource and operation, and `$json.field` in the node after an
 * OmoCaptcha node naming a field the captcha kind does not give (say `adbCommand` misspelt).
 * `npm run check:workflows` runs it next to actionlint.
 */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { WorkflowJson } from '../examples/workflows';
import { OMOCAPTCHA_NODE_TYPE } from '../examples/workflows';
import { findCaptchaType } from '../nodes/OmoCaptcha/catalog/captchaTypes';
import { nodeProperties } from '../nodes/OmoCaptcha/actions/nodeProperties';

export interface ExampleFinding {
	file: string;
	line: number;
	column: number;
	message: string;
	kind: 'json' | 'connection' | 'reference' | 'parameter' | 'answer-field';
}

/** The fields the node adds to every solve item besides the answer itself. */
const BOOKKEEPING_FIELDS = ['jobId', 'typeJobId', 'taskType', 'raw', 'solution', 'elapsedMs', 'error'];

type NodeJson = WorkflowJson['nodes'][number];

export function checkExampleWorkflow(text: string, file: string): ExampleFinding[] {
	let workflow: WorkflowJson;
	try {
		workflow = JSON.parse(text) as WorkflowJson;
	} catch (error) {
		return [{ file, line: 0, column: 0, message: `not JSON: ${(error as Error).message}`, kind: 'json' }];
	}
	const findings: ExampleFinding[] = [];
	const at = (node: string | undefined, message: string, kind: ExampleFinding['kind']) =>
		findings.push({ file, ...positionOf(text, node), message, kind });
	const names = new Set(workflow.nodes.map((node) => node.name));

	for (const [from, outputs] of Object.entries(workflow.connections)) {
		if (!names.has(from)) at(undefined, `a connection starts at "${from}", which is not a node of the workflow`, 'connection');
		for (const target of outputs.main.flat()) {
			if (!names.has(target.node)) at(from, `"${from}" connects to "${target.node}", which is not a node of the workflow`, 'connection');
		}
	}
	for (const node of workflow.nodes) {
		for (const name of referencedNodes(node.parameters)) {
			if (!names.has(name)) at(node.name, `"${node.name}" reads $('${name}'), which is not a node of the workflow`, 'reference');
		}
		if (node.type === OMOCAPTCHA_NODE_TYPE) {
			for (const problem of parameterProblems(node)) at(node.name, `"${node.name}": ${problem}`, 'parameter');
			for (const next of nodesAfter(workflow, node.name)) {
				const unknown = unknownAnswerFields(node, next);
				for (const field of unknown) at(next.name, `"${next.name}" reads $json.${field}, which "${node.name}" does not give`, 'answer-field');
			}
		}
	}
	return findings;
}

/** Line and column of the node's `"name": "…"` in the file (1-based), or 0 when it is not one node's. */
function positionOf(text: string, node: string | undefined): { line: number; column: number } {
	if (node === undefined) return { line: 0, column: 0 };
	const lines = text.split('\n');
	const index = lines.findIndex((line) => line.includes(`"name": ${JSON.stringify(node)}`));
	return index < 0 ? { line: 0, column: 0 } : { line: index + 1, column: lines[index].indexOf('"name"') + 1 };
}

/** Every `$('Name')` / `$("Name")` in the node's parameter texts. */
function referencedNodes(parameters: unknown): string[] {
	const found: string[] = [];
	for (const text of strings(parameters)) {
		for (const match of text.matchAll(/\$\(\s*(['"])(.+?)\1\s*\)/g)) found.push(match[2]);
	}
	return found;
}

function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}

function nodesAfter(workflow: WorkflowJson, name: string): NodeJson[] {
	const targets = (workflow.connections[name]?.main ?? []).flat().map((target) => target.node);
	return workflow.nodes.filter((node) => targets.includes(node.name));
}

/**
 * What n8n's helpers need of the node's description. (Not `new OmoCaptcha()`: outside vitest, tsx
 * resolves `OmoCaptcha.node` to the node's codex file, OmoCaptcha.node.json.)
 */
const description = { properties: nodeProperties, version: 1 } as INodeTypeDescription;

/** Parameters the node does not show for these values, and option values it does not offer. */
function parameterProblems(node: NodeJson): string[] {
	const asNode = { ...node, typeVersion: node.typeVersion } as unknown as INode;
	const values = NodeHelpers.getNodeParameters(description.properties, node.parameters as INodeParameters, true, false, asNode, description) ?? {};
	const shown = (property: INodeProperties) => NodeHelpers.displayParameter(values, property, asNode, description);
	const problems: string[] = [];
	for (const [name, value] of Object.entries(node.parameters)) {
		const candidates = description.properties.filter((property) => property.name === name && shown(property));
		if (candidates.length === 0) {
			problems.push(`has a parameter "${name}" that the node does not show for ${String(values.resource)} → ${String(values.operation)}`);
			continue;
		}
		// Several kinds may share a name (each type's `image`): the value must suit one of them.
		const valueProblems = candidates.map((property) => valueProblem(property, value));
		if (valueProblems.every(Boolean)) problems.push(`${name}: ${valueProblems[0]}`);
	}
	return problems;
}

function valueProblem(property: INodeProperties, value: unknown): string | undefined {
	if (typeof value === 'string' && value.startsWith('=')) return undefined; // an expression: known when it runs
	if (property.type === 'options' && property.options) {
		const allowed = property.options.map((option) => ('value' in option ? option.value : undefined));
		return allowed.includes(value as string) ? undefined : `${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
	}
	if (property.type === 'collection' && property.options && value && typeof value === 'object') {
		const known = property.options.map((option) => ('name' in option ? option.name : ''));
		const unknown = Object.keys(value).filter((key) => !known.includes(key));
		if (unknown.length > 0) return `${unknown.map((key) => `"${key}"`).join(', ')} is not an option of ${property.displayName}`;
		for (const option of property.options as INodeProperties[]) {
			const inner = option.name in value ? valueProblem(option, (value as Record<string, unknown>)[option.name]) : undefined;
			if (inner) return `${option.name}: ${inner}`;
		}
	}
	return undefined;
}

/** `$json.field` names in `next` that the solver's captcha kind does not give. */
function unknownAnswerFields(solver: NodeJson, next: NodeJson): string[] {
	const type = findCaptchaType(String(solver.parameters.resource), String(solver.parameters.operation));
	if (!type) return [];
	const fields = new Set([...Object.keys(type.outputs), ...BOOKKEEPING_FIELDS]);
	const read = strings(next.parameters).flatMap((text) => [...text.matchAll(/\$json\.([A-Za-z_$][\w$]*)/g)].map((match) => match[1]));
	return [...new Set(read)].filter((field) => !fields.has(field));
}
