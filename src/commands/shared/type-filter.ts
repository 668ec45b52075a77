import { UsageError } from '../../errors.js';
import { normaliseDomain } from '../../interview/selection.js';
import type { InterviewType } from '../../store/store.js';

/** `--type` and `--domain` as a filter of the question library: a domain alone means custom. */
export function typeFilter(options: { type?: InterviewType; domain?: string }): { interviewType: InterviewType | null; customDomain: string | null } {
  const customDomain = options.domain ? normaliseDomain(options.domain) : null;
  if (customDomain && options.type && options.type !== 'custom') throw new UsageError('--domain goes with --type custom');
  return { interviewType: options.type ?? (customDomain ? 'custom' : null), customDomain };
}
