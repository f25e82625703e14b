/** The service catalogue the emulator lists in getService and charges for in createJob. */

export interface EmulatedService {
	id: number;
	name: string;
	description: string;
	/** Price per job, decimal string with 5 decimals, as the service sends it. */
	price: string;
	require_field: string | null;
	order: number;
	image: string;
	avg_success: string;
	avg_time: string;
	is_active: 0 | 1;
}

type ServiceSummary = [id: number, name: string, description: string, price: string, requireField: string | null, isActive?: 0];

const SUMMARIES: ServiceSummary[] = [
	[1, 'reCaptcha v2', 'Google Inc', '0.00055', 'website_url|website_key'],
	[2, 'reCaptcha v2 Facebook', 'Google Inc (Facebook)', '0.00080', null],
	[3, 'reCaptcha v3', 'Google Inc', '0.00100', 'website_url|website_key|score|action'],
	[11, 'hCaptcha', 'Intuition Machines', '0.00070', 'website_url|website_key'],
	[13, 'ZCaptcha', 'Zalo', '0.00050', null],
	[14, 'Coinmarketcap', 'Coinmarketcap slider', '0.00050', null, 0],
	[21, 'TikTok Slider Web', 'TikTok drag slider on the web', '0.00060', 'image_base64|width_view'],
	[22, 'TikTok 2 Objects Web', 'TikTok select 2 objects with the same shape, web', '0.00060', 'image_base64|width_view|height_view'],
	[23, 'TikTok Rotate Web', 'TikTok rotate, web (inner|outer image)', '0.00060', 'image_base64'],
	[24, 'TikTok Slider App', 'TikTok drag slider, phone/app', '0.00060', 'image_base64'],
	[25, 'TikTok 2 Objects App', 'TikTok select 2 objects with the same shape, phone/app', '0.00060', 'image_base64'],
	[26, 'Shopee Slider', 'Shopee drag slider, web (mask|background image)', '0.00050', 'image_base64'],
	[30, 'Image To Text', 'Any image to text, auto-detect', '0.00030', 'image_base64'],
	[31, 'BIDV Image To Text', 'BIDV bank image captcha', '0.00030', 'image_base64'],
	[33, 'Vietcombank Image To Text', 'Vietcombank image captcha', '0.00030', 'image_base64'],
	[41, 'Audio Facebook', 'Facebook audio captcha', '0.00100', null],
	[43, 'Bytrade', 'Bytrade captcha', '0.00050', null],
	[44, 'Nimo.tv', 'Nimo.tv captcha', '0.00050', null],
	[45, 'FunCaptcha Click', 'Arkose Labs image click', '0.00090', 'image_base64|text'],
];

export const EMULATED_SERVICES: EmulatedService[] = SUMMARIES.map(
	([id, name, description, price, requireField, isActive], index) => ({
		id,
		name,
		description,
		price,
		require_field: requireField,
		order: index + 1,
		image: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.svg`,
		avg_success: `${90 + ((id * 7) % 10)}%`,
		avg_time: `${5 + ((id * 3) % 20)}s`,
		is_active: isActive ?? 1,
	}),
);

export function findService(typeJobId: unknown): EmulatedService | undefined {
	const id = typeof typeJobId === 'number' ? typeJobId : typeof typeJobId === 'string' && /^\d+$/.test(typeJobId) ? Number(typeJobId) : NaN;
	return EMULATED_SERVICES.find((service) => service.id === id);
}
