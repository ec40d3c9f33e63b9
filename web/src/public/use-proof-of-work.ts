/**
 * The anti-automation check of the public form: a challenge is fetched and solved as soon as the page opens,
 * so by the time a citizen has typed the request it is usually done. `take()` hands over a solved challenge
 * (waiting if needed, renewing one older than 8 minutes — the server accepts them for 10), `renew()` starts
 * over (after a submission spent it, or when the server refused it).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { publicApi, type PowChallenge } from '../api';
import { solveChallenge } from '../pow';

export interface Solved {
  challenge: PowChallenge;
  solution: string;
  fetchedAt: number;
}

export type PowState =
  { phase: 'working'; percent: number } | { phase: 'ready' } | { phase: 'failed'; error: unknown };

const MAX_AGE_MS = 8 * 60_000;

export function useProofOfWork() {
  const [state, setState] = useState<PowState>({ phase: 'working', percent: 0 });
  const current = useRef<Promise<Solved> | null>(null);
  const abort = useRef<AbortController | null>(null);

  const renew = useCallback((): Promise<Solved> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'working', percent: 0 });
    const job = (async () => {
      const fetchedAt = Date.now();
      const challenge = await publicApi.challenge();
      const solution = await solveChallenge(
        challenge,
        (p) => {
          if (current.current === job) {
            setState({
              phase: 'working',
              percent: Math.min(99, Math.floor((p.attempts / p.expected) * 100)),
            });
          }
        },
        controller.signal,
      );
      return { challenge, solution, fetchedAt };
    })();
    current.current = job;
    job.then(
      () => {
        if (current.current === job) setState({ phase: 'ready' });
      },
      (error: unknown) => {
        if (current.current === job && !controller.signal.aborted) setState({ phase: 'failed', error });
      },
    );
    return job;
  }, []);

  useEffect(() => {
    // Starts the work when the form opens: the job's progress is the state this hook exists to show.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    renew().catch(() => {
      // Shown through `state`; a submission retries.
    });
    return () => abort.current?.abort();
  }, [renew]);

  const take = useCallback(async (): Promise<Solved> => {
    let solved: Solved;
    try {
      solved = await (current.current ?? renew());
    } catch {
      solved = await renew();
    }
    if (Date.now() - solved.fetchedAt > MAX_AGE_MS) solved = await renew();
    return solved;
  }, [renew]);

  return { state, take, renew };
}
