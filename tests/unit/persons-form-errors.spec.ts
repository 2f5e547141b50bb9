/**
 * The persons pages say refusals in the reader's language: every refusal the persons owners write
 * has its message key (read from their source, so a new refusal without one fails here), a refused
 * field is named by its label, anything else is said by its status.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formError } from '../../src/lib/server/persons/form-errors.ts';

const OWNERS = path.resolve(import.meta.dirname, '../../src/lib/server/persons');

describe('persons form errors', () => {
  it('has a message key for every refusal the persons owners write', () => {
    const messages = fs
      .readdirSync(OWNERS)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [
        ...fs.readFileSync(path.join(OWNERS, name), 'utf8').matchAll(/refuse\(\s*\d{3},\s*'([^']+)'/g)
      ])
      .map((m) => m[1] as string);
    expect(messages.length).toBeGreaterThan(10);
    const generic = new Set([400, 403, 404, 409].map((status) => formError('en', status, '?')));
    for (const message of messages) expect(generic.has(formError('en', 409, message)), message).toBe(false);
    for (const status of ['confirmed', 'excluded'])
      expect(formError('ar', 409, `This identification is already ${status}.`)).toMatch(/^هذا التعرّف/);
  });

  it('says a known refusal in Arabic', () => {
    expect(formError('ar', 404, 'No such body.')).toBe('لا توجد جثة كهذه.');
  });

  it('names a refused field by its label, and says anything else by its status', () => {
    expect(formError('en', 400, 'birthDate must be a date (YYYY, YYYY-MM or YYYY-MM-DD)')).toBe(
      'Check the field “Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)”: it is missing, too long or not in the expected form.'
    );
    expect(formError('en', 400, 'something odd')).toBe(
      'The form is not complete or not in the expected form.'
    );
    expect(formError('ar', 403, 'unknown')).toBe('دورك لا يسمح بهذا.');
  });
});
