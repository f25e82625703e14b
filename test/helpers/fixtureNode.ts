/**
 * A tiny node type for in-process workflow tests: it outputs the items given in its `items`
 * parameter. Binaries go through `this.helpers.prepareBinaryData`, so downstream nodes read them
 * with `this.helpers.getBinaryDataBuffer(itemIndex, propertyName)` exactly as in n8n.
 */
import { randomUUID } from 'node:crypto';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

export const FIXTURE_ITEMS_NODE_TYPE = 'fixtureItems';

/** How one item is written into the `items` parameter (binary data as base64). */
interface FixtureItemParameter {
	json?: IDataObject;
	binary?: Record<string, { data: string; mimeType: string; fileName?: string }>;
}

/** How a test describes one fixture item (binary data as a Buffer). */
export interface FixtureItem {
	json?: IDataObject;
	binary?: Record<string, { data: Buffer; mimeType: string; fileName?: string }>;
}

export class FixtureItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixture Items',
		name: FIXTURE_ITEMS_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Outputs the items given in its parameter (tests only)',
		defaults: { name: 'Fixture Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[]',
				description: 'Array of { json, binary? }; binary entries are { data: base64, mimeType, fileName? }',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown;
		if (!Array.isArray(items)) {
			throw new NodeOperationError(this.getNode(), 'Parameter "items" must be a JSON array');
		}

		const out: INodeExecutionData[] = [];
		for (const entry of items as FixtureItemParameter[]) {
			const item: INodeExecutionData = { json: entry.json ?? {}, pairedItem: { item: 0 } };
			if (entry.binary) {
				const binary: IBinaryKeyData = {};
				for (const [key, value] of Object.entries(entry.binary)) {
					binary[key] = await this.helpers.prepareBinaryData(
						Buffer.from(value.data, 'base64'),
						value.fileName,
						value.mimeType,
					);
				}
				item.binary = binary;
			}
			out.push(item);
		}
		return [out];
	}
}

/** Builds a fixture node that outputs `items` (Buffers are base64-encoded into the parameter). */
export function fixtureItemsNode(name: string, items: FixtureItem[]): INode {
	const param: FixtureItemParameter[] = items.map((item) => {
		const entry: FixtureItemParameter = { json: item.json ?? {} };
		if (item.binary) {
			entry.binary = {};
			for (const [key, value] of Object.entries(item.binary)) {
				entry.binary[key] = {
					data: value.data.toString('base64'),
					mimeType: value.mimeType,
					...(value.fileName !== undefined ? { fileName: value.fileName } : {}),
				};
			}
		}
		return entry;
	});
	return {
		id: randomUUID(),
		name,
		type: FIXTURE_ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(param) },
	};
}
