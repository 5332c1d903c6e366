// The engine's durations, for the layers that may import only the app (cli, bot, jobs).
export { DAY_MS, HOUR_MS, WEEK_MS } from '../engine/time.ts';
