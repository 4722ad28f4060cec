import { writeShapedIndicTrans2 } from './scripts/bench/indictrans2-shaped-export.ts';
console.log(await writeShapedIndicTrans2());
