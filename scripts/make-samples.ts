/**
 * Writes the sample inputs under samples/: a phone photo of a textbook page (English and Hindi),
 * a school circular as a PDF and a short chapter as a DOCX. Everything is rendered by the
 * project's own fixture code, so the samples carry no third-party content.
 * Run: node --import tsx scripts/make-samples.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLE_TEXTS, photoOfText } from './fixtures/page-photo.js';
import { makeDocx, makeTextPdf } from './fixtures/make-documents.js';

const OUT = path.resolve('samples');

export const CIRCULAR = [
  'Government Senior Secondary School, Ward 7, Jaipur',
  'Circular No. 42/2026 - Parent-Teacher Meeting',
  'Dear Parents, we are pleased to inform you that the half-yearly Parent-Teacher Meeting for Classes 1 to 8 will be held on Saturday, 12 December 2026, from 9:30 a.m. to 12:30 p.m. in the school auditorium.',
  'Parents are requested to collect the progress report of their ward and to discuss the academic performance, attendance and co-curricular participation of the child with the class teacher. Attendance of at least one parent is mandatory.',
  'Kindly note that the examination fee of Rs. 350 must be deposited at the school office before 18 December 2026. Students whose fee remains outstanding will not be permitted to appear in the annual examination.',
  'Principal, Mrs. Sunita Sharma',
];

export const CHAPTER = [
  'Chapter 3: The Water Cycle',
  'Water on Earth is constantly moving. The sun heats water in oceans, rivers and lakes, and it evaporates, rising into the atmosphere as invisible water vapour.',
  'As the vapour rises, it cools and condenses into tiny droplets, which gather to form clouds. When the droplets become sufficiently heavy, they fall back to the ground as precipitation, such as rain, snow or hail.',
  'Some of this water flows over the land into rivers and eventually returns to the sea, while some soaks into the soil and replenishes the groundwater. About 97 per cent of the water on Earth is salt water found in the oceans.',
];

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const english = await photoOfText(SAMPLE_TEXTS.en!, { language: 'en', title: 'How Plants Make Food' }, { seed: 7 });
  await writeFile(path.join(OUT, 'page-photo.jpg'), english.jpeg);
  const hindi = await photoOfText(SAMPLE_TEXTS.hi!, { language: 'hi', title: 'पौधे भोजन कैसे बनाते हैं' }, { seed: 11, background: 'light' });
  await writeFile(path.join(OUT, 'page-photo-hi.jpg'), hindi.jpeg);
  await writeFile(path.join(OUT, 'circular.pdf'), await makeTextPdf(CIRCULAR));
  await writeFile(path.join(OUT, 'chapter.docx'), await makeDocx(CHAPTER));
  process.stdout.write(`wrote samples to ${OUT}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
