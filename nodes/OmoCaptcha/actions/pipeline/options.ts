import { sleep, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { PollOptions } from '../../transport/poller';

export interface SolveOptions extends Omit<PollOptions, 'signal'> {
	maxParallelUploads: number;
	maxJobsInFlight: number;
	maxImageBytes: number;
}

/** The Options collection, read once per execution (from the first item: they steer the whole batch). */
export function readSolveOptions(context: IExecuteFunctions): SolveOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	// A value that is not a number falls back to the default rather than stalling the batch.
	const option = (name: string, fallback: number, minimum: number) => {
		const value = Number(options[name] ?? fallback);
		return Math.max(minimum, Number.isFinite(value) ? value : fallback);
	};
	return {
		intervalMs: option('pollInterval', 2, 1) * 1000,
		timeoutMs: option('timeout', 120, 1) * 1000,
		maxParallelUploads: Math.floor(option('maxParallelUploads', 10, 1)),
		maxJobsInFlight: Math.floor(option('maxJobsInFlight', 0, 0)),
		maxImageBytes: Math.round(option('maxImageSizeMb', 10, 0.01) * 1024 * 1024),
		wait: sleep,
	};
}

/** The Options collection of every operation that creates or polls jobs; each option shows where it acts. */
export function solveOptionsProperty(resources: string[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: resources } },
		options: [
			{
				displayName: 'Download Timeout (Seconds)',
				name: 'downloadTimeout',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 1 },
				displayOptions: { show: { '/imageSource': ['url'] } },
				description: 'Longest time one image download may take, from the request to the last byte',
			},
			{
				displayName: 'Max Image Size (MB)',
				name: 'maxImageSizeMb',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 0.01 },
				displayOptions: { hide: { '/resource': ['recaptcha', 'hcaptcha'], '/operation': ['getResult'] } },
				description: 'Largest image accepted, per image',
			},
			{
				displayName: 'Max Jobs in Flight',
				name: 'maxJobsInFlight',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				displayOptions: { hide: { '/operation': ['getResult'] } },
				description: 'How many jobs may be unfinished at once, for accounts the service limits (0 = no limit)',
			},
			{
				displayName: 'Max Parallel Uploads',
				name: 'maxParallelUploads',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 1 },
				displayOptions: { hide: { '/operation': ['getResult'] } },
				description: 'How many items may be uploading their images at once; each holds its images in memory',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 1 },
				displayOptions: { hide: { '/operation': ['create'] } },
				description: 'Time between two result checks of a job; the service asks for 2 seconds',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				default: 120,
				typeOptions: { minValue: 1 },
				displayOptions: { hide: { '/operation': ['create'] } },
				description: 'How long to wait for a job before giving up on it',
			},
		],
	};
}
