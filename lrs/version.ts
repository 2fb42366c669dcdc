/**
 * xAPI versions. Requests name theirs in `X-Experience-API-Version`; 1.0.x requests are
 * handled by the 1.0.3 rules, 2.0.x by the 2.0 (IEEE 9274.1.1) rules.
 */
import { BadRequestError } from './errors.js';

export type XapiVersion = '1.0.3' | '2.0.0';

/** What `/about` reports and responses carry. */
export const SUPPORTED_VERSIONS = ['1.0.0', '1.0.1', '1.0.2', '1.0.3', '2.0.0'] as const;

/** Map a request's header value to the rule set; throws 400 for a missing or unsupported version. */
export function negotiateVersion(header: string | undefined): XapiVersion {
  if (!header) throw new BadRequestError('the X-Experience-API-Version header is required', 'X-Experience-API-Version');
  const v = header.trim();
  if (/^1\.0(\.\d+)?$/.test(v)) return '1.0.3';
  if (/^2\.0(\.\d+)?$/.test(v)) return '2.0.0';
  throw new BadRequestError(`unsupported version "${v}"; this LRS supports ${SUPPORTED_VERSIONS.join(', ')}`, 'X-Experience-API-Version');
}
