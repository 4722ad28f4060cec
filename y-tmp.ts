import * as ort from 'onnxruntime-node';
const [dir, prepack] = process.argv.slice(2);
const opts: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1, enableCpuMemArena: false, logSeverityLevel: 3, executionMode: 'sequential', ...(prepack === 'off' ? { extra: { session: { disable_prepacking: '1' } } } : {}) };
const enc = await ort.InferenceSession.create(`${dir}/encoder_model.onnx`, opts);
const dec = await ort.InferenceSession.create(`${dir}/decoder_model.onnx`, opts);
const past = await ort.InferenceSession.create(`${dir}/decoder_with_past_model.onnx`, opts);
const rssLoaded = process.memoryUsage().rss / 1e6;
const B = 8, S = 26, steps = 32, total = 15;
const c0 = process.cpuUsage(); const t1 = performance.now();
for (let done = 0; done < total; done += B) {
  const b = Math.min(B, total - done);
  const ids = new ort.Tensor('int64', BigInt64Array.from({ length: b * S }, (_, i) => BigInt(10 + (i % 300))), [b, S]);
  const mask = new ort.Tensor('int64', new BigInt64Array(b * S).fill(1n), [b, S]);
  const e = await enc.run({ input_ids: ids, attention_mask: mask });
  let feeds: Record<string, ort.Tensor> = {};
  for (let s = 0; s < steps; s++) {
    const inp = new ort.Tensor('int64', new BigInt64Array(b).fill(5n), [b, 1]);
    const r = s === 0 ? await dec.run({ input_ids: inp, encoder_attention_mask: mask, encoder_hidden_states: e.last_hidden_state! }) : await past.run({ input_ids: inp, encoder_attention_mask: mask, ...feeds });
    feeds = {};
    for (const [k, v] of Object.entries(r)) if (k.startsWith('present.')) feeds[k.replace('present.', 'past_key_values.')] = v;
  }
}
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ prepack, wallMs: Math.round(performance.now() - t1), cpuMs: Math.round((c.user + c.system) / 1000), rssLoadedMb: Math.round(rssLoaded), peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
