// Times n8n's httpRequestWithAuthentication per call, in-process, against the emulator, sequentially.
import { performance } from 'node:perf_hooks';
import { NodeConnectionTypes, type IExecuteFunctions, type INodeType } from 'n8n-workflow';
import { OmoCaptchaApi } from '/work/wt/perf/credentials/OmoCaptchaApi.credentials';
import { startEmulator } from '/work/wt/perf/test/emulator/server';
import { chain, fixtureItemsNode, runWorkflow } from '/work/wt/perf/test/helpers/n8n';
const results: Record<string, number[]> = {};
class Probe implements INodeType {
  description = { displayName: 'Probe', name: 'probe', group: ['transform'], version: 1, description: '', defaults: { name: 'Probe' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main], credentials: [{ name: 'omoCaptchaApi', required: true }], properties: [] } as any;
  async execute(this: IExecuteFunctions) {
    const creds = await this.getCredentials('omoCaptchaApi');
    const url = String(creds.baseUrl) + '/getJobResult';
    const opts = () => ({ method: 'POST' as const, url, body: { job_id: 1 }, json: true, encoding: 'text' as const, returnFullResponse: true, ignoreHttpStatusErrors: true });
    for (const [label, extra] of [['per-request credential read', undefined], ['credential handed over', { credentialsDecrypted: { id: 'c', name: 'c', type: 'omoCaptchaApi', data: creds } }]] as const) {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) { const t = performance.now(); await this.helpers.httpRequestWithAuthentication.call(this, 'omoCaptchaApi', opts(), extra as any); times.push(performance.now() - t); }
      results[label] = times.slice(20).sort((a, b) => a - b);
    }
    const raw: number[] = [];
    for (let i = 0; i < 200; i++) { const t = performance.now(); await fetch(url, { method: 'POST', body: JSON.stringify({ job_id: 1, api_token: 'test-token' }) }).then((r) => r.text()); raw.push(performance.now() - t); }
    results['plain fetch (keep-alive)'] = raw.slice(20).sort((a, b) => a - b);
    return [this.getInputData()];
  }
}
(async () => {
  process.env.N8N_LOG_LEVEL = 'warn';
  const emulator = await startEmulator({});
  const images = fixtureItemsNode('Images', [{ json: {} }]);
  const node = { id: 'p', name: 'Probe', type: 'probe', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
  const run = await runWorkflow({ nodeTypes: [Probe], credentialTypes: [OmoCaptchaApi], credentials: { omoCaptchaApi: { data: { api: 'v1', apiToken: 'test-token', baseUrl: emulator.url } } }, nodes: [images, node], connections: chain([images, node]) });
  for (const [label, t] of Object.entries(results)) console.log(label.padEnd(30), 'median', t[Math.floor(t.length / 2)].toFixed(2), 'ms  p90', t[Math.floor(t.length * 0.9)].toFixed(2), 'ms');
  console.log(run.status);
  await emulator.close();
})();
