/**
 * The "Phone farm (adb)" example without a phone: no Android device or emulator exists where the
 * demo and the tests run, so an adb stand-in (test/helpers/adbStandIn.ts) plays one, first on the
 * PATH of the n8n process. Shared by `npm run demo` and the e2e suite: the stand-in, the n8n
 * settings the example needs (the same a self-hosted user sets, see the README's "Phone farms"),
 * and the example pointed at the stand-in's phone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES_DIR, PHONE_NODE_NAME, type WorkflowJson } from '../examples/workflows';
import { adbShellCall, deviceSteps } from '../test/helpers/adbScript';
import { type AdbStandIn, type AdbStandInCall, installAdbStandIn } from '../test/helpers/adbStandIn';

/** The screenshot the stand-in's phone shows (a TikTok slider in the app). */
export const PHONE_SCREENSHOT = 'tiktok-slider-phone.png';
const PHONE_SERIAL = 'R58M12345AB';

export interface PhoneStandIn {
	adb: AdbStandIn;
	/** Where the example keeps its screenshots: the one folder n8n's file nodes may read. */
	screenshotFolder: string;
	/** Environment for the n8n server: Execute Command enabled, the stand-in on PATH, file access to the folder. */
	n8nEnv: Record<string, string>;
}

/** Installs the stand-in and the screenshot folder under `folder`. */
export function startPhoneStandIn(folder: string): PhoneStandIn {
	const adb = installAdbStandIn(join(folder, 'adb-stand-in'), PHONE_SERIAL, join(IMAGES_DIR, PHONE_SCREENSHOT));
	const screenshotFolder = join(folder, 'n8n-files');
	mkdirSync(screenshotFolder, { recursive: true });
	return {
		adb,
		screenshotFolder,
		n8nEnv: {
			// n8n 2.x excludes Execute Command and Local File Trigger; this turns on the first only.
			NODES_EXCLUDE: '["n8n-nodes-base.localFileTrigger"]',
			N8N_RESTRICT_FILE_ACCESS_TO: screenshotFolder,
			PATH: `${adb.binDir}:${process.env.PATH ?? ''}`,
		},
	};
}

/** The example pointed at the stand-in's phone: its Phone node's serial and screenshot folder. */
export function withStandInPhone(workflow: WorkflowJson, phone: PhoneStandIn): WorkflowJson {
	const values: Record<string, string> = { serial: phone.adb.serial, screenshotFolder: phone.screenshotFolder };
	const node = workflow.nodes.find((candidate) => candidate.name === PHONE_NODE_NAME);
	if (!node) throw new Error(`the phone-farm example has no "${PHONE_NODE_NAME}" node`);
	const { assignments } = node.parameters.assignments as { assignments: Array<{ name: string; value: string }> };
	for (const assignment of assignments) assignment.value = values[assignment.name] ?? assignment.value;
	return workflow;
}

/** One line for humans: what reached the stand-in's phone in these calls. */
export function summarizePhoneCalls(calls: AdbStandInCall[]): string {
	return calls
		.map((call) => {
			if (call.args[0] !== 'shell') return call.args.join(' ');
			const steps = deviceSteps(adbShellCall(call.args).script);
			const [first, last] = [steps[0], steps.at(-1)];
			const at = (step: (typeof steps)[number] | undefined) => (step && 'x' in step ? `${step.command} ${step.x},${step.y}` : '');
			return `${steps.filter((step) => step.command === 'MOVE').length} moves from ${at(first)} to ${at(last)}`;
		})
		.join(', then ');
}
