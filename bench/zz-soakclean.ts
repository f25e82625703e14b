import { DEFAULT_SOAK, runSoak } from '/work/main/test/soak/soak';
// eslint-disable-next-line
const { OmoCaptcha } = require('/work/main/nodes/OmoCaptcha/OmoCaptcha.node.ts');
process.env.NO_PROXY='127.0.0.1,localhost'; process.env.N8N_LOG_OUTPUT='file'; process.env.N8N_LOG_FILE_LOCATION='/tmp/soakx.log';
(async () => {
  await runSoak(OmoCaptcha, { ...DEFAULT_SOAK, items: 200 }, { faults: false });
  for (let i = 0; i < 5; i++) {
    const faults = i % 2 === 1;
    const r = await runSoak(OmoCaptcha, DEFAULT_SOAK, { faults });
    console.log(faults ? 'faulty' : 'clean ', (r.figures.wallMs/1000).toFixed(2), 'spread', (r.figures.uploadSpreadMs/1000).toFixed(2));
  }
  process.exit(0);
})();
