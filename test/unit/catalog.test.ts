import { readdirSync } from 'node:fs';

import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { captchaResources, captchaTypes as allKinds, findCaptchaType } from '../../nodes/OmoCaptcha/catalog/captchaTypes';
import { UnexpectedResultError } from '../../nodes/OmoCaptcha/catalog/parsers';
import type { CaptchaInput, CaptchaSite, CaptchaType as CaptchaKind, V1Form } from '../../nodes/OmoCaptcha/catalog/types';
import { readImageSize } from '../../nodes/OmoCaptcha/images/imageInfo';
import { IMAGE_COUNT_BY_TYPE, validateJobData } from '../emulator/job-validation';
import { resultPayload } from '../emulator/results';
import { makePng } from '../fixtures/images';

/**
 * The v1 side of the catalog: every kind with a v1 form, seen as the v1 job type it sends (the
 * v2 side has its own tests in catalogV2.test.ts).
 */
type CaptchaType = CaptchaKind & V1Form & { kind: CaptchaKind };
/** What every phone answer adds (motion/adbCommands.ts has its own tests): the adb commands. */
const ADB_FIELDS = { adb: expect.any(Object), adbCommand: expect.any(String) };

const captchaTypes: CaptchaType[] = allKinds.filter((kind) => kind.v1).map((kind) => ({ ...kind, ...kind.v1!, kind }));

/** The ids the OmoCaptcha protocol reference documents in its "Job types" table. */
const DOCUMENTED_IDS = [26, 22, 25, 23, 21, 24, 30, 33, 1, 2, 3, 11, 45];

function typeById(id: number): CaptchaType {
	const type = captchaTypes.find((entry) => entry.typeJobId === id);
	if (!type) throw new Error(`no catalog entry for type ${id}`);
	return type;
}

/** Base64 of a PNG plus its header size, as the node would hand them to the catalog. */
function image(width: number, height: number) {
	const bytes = makePng(width, height);
	return { base64: bytes.toString('base64'), size: readImageSize(bytes) };
}

/** Each field's default, then the overrides: what the node would pass for one item. */
function input(type: CaptchaType, params: IDataObject = {}, sizes?: Array<[number, number]>): CaptchaInput {
	const images = type.images.map((_, index) => image(...(sizes?.[index] ?? [100 + index * 10, 60 + index * 5])));
	const defaults = Object.fromEntries(type.fields.map((field) => [field.name, field.default])) as IDataObject;
	return {
		images: images.map((entry) => [entry.base64]),
		imageSizes: images.map((entry) => [entry.size]),
		params: { ...defaults, ...params },
	};
}

/** Parameters that make every type's sample input a complete, valid job. */
const SAMPLE_PARAMS: IDataObject = {
	websiteUrl: 'https://example.com/login',
	websiteKey: '6Le-site-key',
	instruction: 'Pick the image where the dog faces the hand',
};

const sampleInput = (type: CaptchaType, params: IDataObject = {}) => input(type, { ...SAMPLE_PARAMS, ...params });

describe('the captcha type table', () => {
	it('has a unique typeJobId for every entry', () => {
		const ids = captchaTypes.map((type) => type.typeJobId);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('has a unique (resource, operation) pair for every entry', () => {
		const pairs = captchaTypes.map((type) => `${type.resource}/${type.operation}`);
		expect(new Set(pairs).size).toBe(pairs.length);
	});

	it('covers every job type the protocol reference documents, and only those', () => {
		expect(captchaTypes.map((type) => type.typeJobId).sort((a, b) => a - b)).toEqual(
			[...DOCUMENTED_IDS].sort((a, b) => a - b),
		);
	});

	it('has unique resource values, and every resource offers at least one type', () => {
		const values = captchaResources.map((resource) => resource.value);
		expect(new Set(values).size).toBe(values.length);
		for (const resource of captchaResources) {
			expect(allKinds.some((type) => type.resource === resource.value), resource.value).toBe(true);
		}
	});

	it('keeps each site in its own file, named after its resource, holding only that site\'s kinds', async () => {
		const folder = `${__dirname}/../../nodes/OmoCaptcha/catalog/captchaTypes`;
		const files = readdirSync(folder).filter((file) => !['index.ts', 'shared.ts'].includes(file));
		const sites = await Promise.all(files.map(async (file) => Object.values(await import(`${folder}/${file}`))[0] as CaptchaSite));
		expect(files.sort()).toEqual(captchaResources.map((resource) => `${resource.value}.ts`).sort());
		for (const site of sites) {
			expect(site.types.map((type) => type.resource), site.resource.value).toEqual(site.types.map(() => site.resource.value));
		}
		expect(sites.flatMap((site) => site.types).length).toBe(allKinds.length);
	});

	describe.each(captchaTypes.map((type) => [type.typeJobId, type] as const))('type %i', (id, type) => {
		it('belongs to a resource listed in captchaResources', () => {
			expect(captchaResources.map((resource) => resource.value)).toContain(type.resource);
		});

		it('is found by findCaptchaType(resource, operation)', () => {
			expect(findCaptchaType(type.resource, type.operation)).toBe(type.kind);
		});

		it('has a name, action and description, and fields without displayOptions or duplicate names', () => {
			expect(type.name).not.toBe('');
			expect(type.action).not.toBe('');
			expect(type.description).not.toBe('');
			const names = [...type.images.map((img) => img.name), ...type.fields.map((field) => field.name)];
			expect(new Set(names).size).toBe(names.length);
			for (const field of type.fields) expect(field.displayOptions).toBeUndefined();
		});

		it('takes as many images as the emulator expects in image_base64', () => {
			expect(type.images.length).toBe(IMAGE_COUNT_BY_TYPE[id] ?? 0);
		});

		it("builds job data the emulator's createJob validation accepts", () => {
			const data = { type_job_id: String(id), ...type.buildData(sampleInput(type)) };
			expect(validateJobData(id, data)).toBeUndefined();
		});

		it("parses the emulator's answer for that job data (both point separators)", () => {
			const sample = sampleInput(type);
			const data = { type_job_id: String(id), ...type.buildData(sample) };
			const [underscore, pipe] = (['_', '|'] as const).map((pointSeparator) => type.parseResult(resultPayload(data, { pointSeparator }), sample));
			// The same answer whichever separator the service uses, and an answer at all.
			expect(pipe).toEqual(underscore);
			expect(Object.values(underscore).some((value) => value !== undefined && value !== '')).toBe(true);
		});

		it('rejects an empty or null result with an UnexpectedResultError', () => {
			const sample = sampleInput(type);
			expect(() => type.parseResult('', sample)).toThrow(UnexpectedResultError);
			expect(() => type.parseResult(null, sample)).toThrow(UnexpectedResultError);
		});
	});
});

describe('buildData (the createJob data besides type_job_id)', () => {
	it('26 joins the mask and the background, in that order, into image_base64', () => {
		const sample = sampleInput(typeById(26));
		const [[mask], [background]] = sample.images;
		expect(mask).not.toBe(background);
		expect(typeById(26).buildData(sample)).toEqual({ image_base64: `${mask}|${background}` });
		expect(typeById(26).images.map((img) => img.name)).toEqual(['maskImage', 'backgroundImage']);
	});

	it('23 joins the inner and the outer image, in that order, into image_base64', () => {
		const sample = sampleInput(typeById(23));
		const [[inner], [outer]] = sample.images;
		expect(typeById(23).buildData(sample)).toEqual({ image_base64: `${inner}|${outer}` });
		expect(typeById(23).images.map((img) => img.name)).toEqual(['innerImage', 'outerImage']);
	});

	it('22 sends the display size in both spellings: widthview/weightview and width_view/height_view', () => {
		const sample = sampleInput(typeById(22), { displayWidth: 340, displayHeight: 212 });
		expect(typeById(22).buildData(sample)).toEqual({
			image_base64: sample.images[0][0],
			widthview: 340,
			weightview: 212,
			width_view: 340,
			height_view: 212,
		});
	});

	it('21 sends the display width as width_view', () => {
		const sample = sampleInput(typeById(21), { displayWidth: 300 });
		expect(typeById(21).buildData(sample)).toEqual({ image_base64: sample.images[0][0], width_view: 300 });
	});

	it.each([24, 25, 30, 33])('%i sends just the one image as image_base64', (id) => {
		const sample = sampleInput(typeById(id), { displayWidth: 300 });
		expect(typeById(id).buildData(sample)).toEqual({ image_base64: sample.images[0][0] });
	});

	it('45 sends the image and the instruction as text', () => {
		const sample = sampleInput(typeById(45), { instruction: 'Pick the lion' });
		expect(typeById(45).buildData(sample)).toEqual({ image_base64: sample.images[0][0], text: 'Pick the lion' });
	});

	it.each([1, 11])('%i sends website_url and website_key', (id) => {
		expect(typeById(id).buildData(sampleInput(typeById(id)))).toEqual({
			website_url: 'https://example.com/login',
			website_key: '6Le-site-key',
		});
	});

	it('2 sends nothing besides type_job_id', () => {
		expect(typeById(2).buildData(sampleInput(typeById(2)))).toEqual({});
	});

	it('3 sends website_url, website_key, action and the score with a decimal comma', () => {
		const sample = sampleInput(typeById(3), { minimumScore: 0.9, pageAction: 'login' });
		expect(typeById(3).buildData(sample)).toEqual({
			website_url: 'https://example.com/login',
			website_key: '6Le-site-key',
			score: '0,9',
			action: 'login',
		});
	});

	it('3 defaults to score "0,3" and action "verify"', () => {
		expect(typeById(3).buildData(sampleInput(typeById(3)))).toMatchObject({ score: '0,3', action: 'verify' });
	});

	it('image types send plain base64 (no data: prefix) that decodes to the image bytes', () => {
		const bytes = makePng(12, 8);
		const data = typeById(30).buildData({ images: [[bytes.toString('base64')]], imageSizes: [[undefined]], params: {} });
		expect(String(data.image_base64)).not.toMatch(/^data:/);
		expect(Buffer.from(String(data.image_base64), 'base64').equals(bytes)).toBe(true);
	});
});

describe('parseResult (documented result formats → answer fields)', () => {
	const noScale = (type: CaptchaType, params: IDataObject = {}) => sampleInput(type, { displayWidth: 0, ...params });

	it('26 answers {x}', () => {
		expect(typeById(26).parseResult('123', noScale(typeById(26)))).toEqual({ x: 123 });
	});

	it.each([22, 25])('%i answers {points} from "x1_y1_x2_y2" and "x1|y1|x2|y2"', (id) => {
		const type = typeById(id);
		const points = [
			{ x: 10, y: 20 },
			{ x: 30, y: 40 },
		];
		// The phone kind (25) also gives its taps as adb commands.
		const adb = id === 25 ? ADB_FIELDS : {};
		expect(type.parseResult('10_20_30_40', noScale(type))).toEqual({ points, ...adb });
		expect(type.parseResult('10|20|30|40', noScale(type))).toEqual({ points, ...adb });
	});

	it('23 answers {angle}', () => {
		expect(typeById(23).parseResult('50', sampleInput(typeById(23)))).toEqual({ angle: 50 });
	});

	it('21 answers {distance}', () => {
		expect(typeById(21).parseResult('50', noScale(typeById(21)))).toMatchObject({ distance: 50 });
	});

	it('24 answers {from, to}', () => {
		expect(typeById(24).parseResult('10|200|250|200', noScale(typeById(24)))).toEqual({
			from: { x: 10, y: 200 },
			to: { x: 250, y: 200 },
			...ADB_FIELDS,
		});
	});

	it.each([30, 33])('%i answers {text}', (id) => {
		expect(typeById(id).parseResult(' xK9pQ ', sampleInput(typeById(id)))).toEqual({ text: 'xK9pQ' });
	});

	it.each([1, 2, 3, 11])('%i answers {token} from a string, a {token} object or its JSON', (id) => {
		const type = typeById(id);
		const sample = sampleInput(type);
		expect(type.parseResult('03AFcWeA-tok', sample)).toEqual({ token: '03AFcWeA-tok' });
		expect(type.parseResult({ token: '03AFcWeA-tok' }, sample)).toEqual({ token: '03AFcWeA-tok' });
		expect(type.parseResult('{"token":"03AFcWeA-tok"}', sample)).toEqual({ token: '03AFcWeA-tok' });
	});

	it('45 answers {index, clicksRight: index - 1}', () => {
		const type = typeById(45);
		expect(type.parseResult('5', sampleInput(type))).toEqual({ index: 5, clicksRight: 4 });
		expect(type.parseResult('1', sampleInput(type))).toEqual({ index: 1, clicksRight: 0 });
	});

	it.each(['0', '-2', '2.5', 'abc'])('45 rejects %j as an image index', (raw) => {
		const type = typeById(45);
		expect(() => type.parseResult(raw, sampleInput(type))).toThrow(UnexpectedResultError);
	});

	it.each([
		[26, '1_2'],
		[21, '12abc'],
		[23, '1e5'],
		[22, '1_2_3'],
		[24, '1|2|3'],
		[25, 'NaN_1_2_3'],
	])('%i rejects the malformed result %j, quoting it', (id, raw) => {
		const type = typeById(id);
		expect(() => type.parseResult(raw, noScale(type))).toThrow(JSON.stringify(raw));
	});
});

describe('page scaling (answers in page pixels, from the image size and the display width)', () => {
	it('26 scales x by the background (second image) width: 680 px shown at 340 → xOnPage = x / 2', () => {
		const type = typeById(26);
		// The mask is 68 px wide: scaling by it would give x × 5.
		const sample = input(type, { displayWidth: 340 }, [
			[68, 68],
			[680, 390],
		]);
		expect(type.parseResult('123', sample)).toMatchObject({ x: 123, xOnPage: 61.5 });
	});

	it('21 never scales the distance: the service was sent width_view and answers in page pixels already', () => {
		const type = typeById(21);
		const sample = input(type, { displayWidth: 340 }, [[680, 400]]);
		expect(type.parseResult('101', sample)).toMatchObject({ distance: 101 });
		expect(type.parseResult('101', sample)).not.toHaveProperty('distanceOnPage');
	});

	it.each([
		[26, '123', { displayWidth: 340 }, [[68, 68], [680, 390]], { x: 61.5, y: 0 }],
		[21, '101', { displayWidth: 340 }, [[680, 400]], { x: 101, y: 0 }],
		[24, '90|1500|630|1480', { displayWidth: 360 }, [[1080, 2340]], { x: 180, y: -6.67 }],
	] as const)('%i offers a seeded human drag path from the handle start to the page distance', (id, raw, params, sizes, end) => {
		const type = typeById(id);
		const sample = input(type, params, sizes as unknown as Array<[number, number]>);
		const path = type.parseResult(raw, sample).dragPath as Array<{ x: number; y: number; t: number }>;
		expect(path.length).toBeGreaterThanOrEqual(10);
		expect(path.at(-1)).toMatchObject(end);
		expect(path[0].t).toBeGreaterThan(0);
		expect(type.parseResult(raw, sample).dragPath).toEqual(path);
	});

	it('gives no drag path without a display width (the page distance is unknown)', () => {
		expect(typeById(26).parseResult('123', input(typeById(26), { displayWidth: 0 }, [[68, 68], [680, 390]]))).toEqual({ x: 123 });
		expect(typeById(24).parseResult('1|2|3|4', input(typeById(24), { displayWidth: 0 }, [[1080, 2340]]))).toEqual({ from: { x: 1, y: 2 }, to: { x: 3, y: 4 }, ...ADB_FIELDS });
	});

	it('24 scales both points by the screenshot width (y uses the same factor)', () => {
		const type = typeById(24);
		const sample = input(type, { displayWidth: 360 }, [[1080, 2340]]);
		expect(type.parseResult('90|1500|630|1500', sample)).toMatchObject({
			from: { x: 90, y: 1500 },
			to: { x: 630, y: 1500 },
			fromOnPage: { x: 30, y: 500 },
			toOnPage: { x: 210, y: 500 },
		});
	});

	it('25 scales both points by the screenshot width', () => {
		const type = typeById(25);
		const sample = input(type, { displayWidth: 540 }, [[1080, 2340]]);
		expect(type.parseResult('100_200_301_401', sample)).toEqual({
			points: [
				{ x: 100, y: 200 },
				{ x: 301, y: 401 },
			],
			pointsOnPage: [
				{ x: 50, y: 100 },
				{ x: 150.5, y: 200.5 },
			],
			...ADB_FIELDS,
		});
	});

	it('rounds page values to 2 decimals', () => {
		const type = typeById(26);
		const sample = input(type, { displayWidth: 100 }, [
			[50, 50],
			[300, 200],
		]);
		expect(type.parseResult('100', sample)).toMatchObject({ x: 100, xOnPage: 33.33 });
	});

	it('22 never adds page fields: the service already answers in the display size it was sent', () => {
		const type = typeById(22);
		const sample = input(type, { displayWidth: 340, displayHeight: 212 }, [[680, 424]]);
		expect(type.parseResult('10_20_30_40', sample)).toEqual({
			points: [
				{ x: 10, y: 20 },
				{ x: 30, y: 40 },
			],
		});
	});

	it.each([
		[26, '123'],
		[21, '50'],
		[24, '1|2|3|4'],
		[25, '1_2_3_4'],
	])('%i adds no *OnPage fields when displayWidth is 0, empty or negative', (id, raw) => {
		const type = typeById(id);
		for (const displayWidth of [0, '', -5, undefined]) {
			const parsed = type.parseResult(raw, input(type, { displayWidth }, [
				[680, 400],
				[680, 400],
			]));
			expect(Object.keys(parsed).filter((key) => key.endsWith('OnPage')), String(displayWidth)).toEqual([]);
		}
	});

	it.each([
		[26, '123'],
		[21, '50'],
		[24, '1|2|3|4'],
		[25, '1_2_3_4'],
	])('%i adds no *OnPage fields when the image size is unknown', (id, raw) => {
		const type = typeById(id);
		const sample: CaptchaInput = {
			...input(type, { displayWidth: 340 }),
			imageSizes: type.images.map(() => [undefined]),
		};
		const parsed = type.parseResult(raw, sample);
		expect(Object.keys(parsed).filter((key) => key.endsWith('OnPage'))).toEqual([]);
	});
});
