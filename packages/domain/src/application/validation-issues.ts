import type { z } from 'zod';
import type { FieldIssue } from './contract';

/** Turns zod issues into one FieldIssue per failing field, naming unknown fields one by one. */
export function toFieldIssues(prefix: 'body' | 'params', error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: `${path}.${key}`, message: 'unknown field' });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}
