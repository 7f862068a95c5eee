import { useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { refreshOverview } from '../live';

/** What an operator can ask of a job from the overview or its page. */
export type JobAction = { kind: 'deploy'; target?: 'embedded' | 'flink' } | { kind: 'stop' } | { kind: 'resume'; checkpoint?: string };

const LABEL: Record<JobAction['kind'], string> = { deploy: 'Deploy', stop: 'Stop', resume: 'Resume' };

export interface JobActions {
  /** Job whose request is in flight, or null. */
  pending: string | null;
  /** The last refusal or failure, in words (with the API's problem detail), or null. */
  error: string | null;
  /** Last success, in words, or null. */
  done: string | null;
  /** Sends the request; true when the API accepted it. Refreshes the overview either way. */
  run: (job: string, action: JobAction) => Promise<boolean>;
}

/** Deploy, stop and resume with their outcome, as one state for a page. */
export function useJobActions(): JobActions {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (job: string, action: JobAction): Promise<boolean> => {
    setPending(job);
    setError(null);
    setDone(null);
    try {
      if (action.kind === 'deploy') await api.deploy(job, undefined, 'fail', action.target ?? 'embedded');
      else if (action.kind === 'stop') await api.stop(job);
      else await api.resume(job, action.checkpoint);
      const from = action.kind === 'resume' && action.checkpoint ? ` from checkpoint ${action.checkpoint}`
        : action.kind === 'deploy' && action.target === 'flink' ? ' to Flink' : '';
      setDone(`${LABEL[action.kind]} ${job}${from}: accepted.`);
      return true;
    } catch (e) {
      setError(`${LABEL[action.kind]} ${job} failed: ${describeError(e)}`);
      return false;
    } finally {
      setPending(null);
      void refreshOverview();
    }
  };
  return { pending, error, done, run };
}
