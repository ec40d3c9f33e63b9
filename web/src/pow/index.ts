/** What the proof-of-work feature offers the other features: solving a server challenge off the main thread. */
export { solveChallenge } from './solve';
