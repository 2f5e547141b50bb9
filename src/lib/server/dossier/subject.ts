/**
 * The subject of a body's or a person's dossier, read from its owners (bodies/bodies.ts
 * `describeBody`, persons/register.ts `toPerson`, persons/identifications.ts `identificationsOf`):
 * the whole record for data/record.json, and the lines the report prints (identifiers, the
 * identification state with its confirmations, the overall evaluation).
 */
import type { Db } from '../db/connect.ts';
import { describeBody, findBody } from '../bodies/bodies.ts';
import {
  identificationsOf,
  CONFIRMATIONS_NEEDED,
  type IdentificationView
} from '../persons/identifications.ts';
import { findPersonRow, toPerson } from '../persons/register.ts';
import { translate, type MessageKey } from '../../i18n/index.ts';
import { EVALUATION_LABEL, labelOf } from '../../i18n/vocabulary.ts';
import type { BodyEvaluation } from '../bodies/evaluation.ts';
import { namesOf } from '../users/users.ts';
import type { DossierScope } from './scope.ts';

export type Subject = { record: Record<string, unknown>; lines: Array<[string, string]> };

/** The overall evaluation as the report prints it: one line per part, in English, named by the experts. */
async function evaluationLines(db: Db, e: BodyEvaluation | null): Promise<Array<[string, string]>> {
  const label = (key: MessageKey) => translate('en', key);
  if (e === null) return [[label('evaluation.title'), 'not recorded']];
  const answer = (choice: keyof typeof EVALUATION_LABEL, value: string | null) =>
    label(value === null ? 'evaluation.unanswered' : labelOf(EVALUATION_LABEL[choice].options, value));
  const by = e.updatedBy ? ((await namesOf(db, [e.updatedBy]))[e.updatedBy] ?? e.updatedBy) : null;
  return [
    [label('evaluation.title'), e.complete ? label('evaluation.complete') : 'incomplete'],
    [label('evaluation.opinion'), answer('opinion', e.opinion)],
    [label('evaluation.starvation'), answer('starvation', e.starvation)],
    [label('evaluation.cause'), e.causeOfDeath || label('evaluation.unanswered')],
    [label('evaluation.cause_consistent'), answer('causeConsistent', e.causeConsistent)],
    [label('evaluation.summary'), e.summary || label('evaluation.unanswered')],
    ...(by && e.updatedAt
      ? [['Last changed', `${by}, ${new Date(e.updatedAt).toISOString()}`] as [string, string]]
      : [])
  ];
}

async function identificationLines(
  db: Db,
  hypotheses: IdentificationView[],
  of: (h: IdentificationView) => string
) {
  const names = await namesOf(db, [
    ...new Set(hypotheses.flatMap((h) => h.confirmations.map((c) => c.userId)))
  ]);
  if (hypotheses.length === 0) return [['Identification', 'none proposed']] as Array<[string, string]>;
  return hypotheses.map((h): [string, string] => {
    const by = h.confirmations.map((c) => names[c.userId] ?? c.userId).join(', ');
    const state =
      h.status === 'confirmed'
        ? `confirmed by ${by}`
        : h.status === 'excluded'
          ? `excluded${h.excludeReason ? `: ${h.excludeReason}` : ''}`
          : `proposed, ${h.confirmations.length} of ${CONFIRMATIONS_NEEDED} confirmations${by ? ` (${by})` : ''}`;
    return ['Identification', `${of(h)}: ${state}`];
  });
}

/** The subject of a body or person dossier; null for items, queues and collections. */
export async function subjectOf(
  db: Db,
  scope: DossierScope,
  reader: { id: string }
): Promise<Subject | null> {
  if (scope.kind === 'body') {
    const body = await findBody(db, scope.id);
    if (!body) return null;
    const view = await describeBody(db, body, reader);
    const hypotheses = await identificationsOf(db, { bodyId: body.id });
    const persons = await db
      .selectFrom('persons')
      .select(['id', 'name'])
      .where('id', 'in', hypotheses.length ? hypotheses.map((h) => h.personId) : [''])
      .execute();
    const personName = Object.fromEntries(persons.map((p) => [p.id, p.name]));
    return {
      record: { body: view, identifications: hypotheses },
      lines: [
        ['Body', body.id],
        ['Status', view.status],
        ...(view.branch
          ? [
              ['Branch', `${view.branch.number} ${view.branch.nameEn} ${view.branch.nameAr}`] as [
                string,
                string
              ]
            ]
          : []),
        ...(view.diedOn ? [['Died on', view.diedOn] as [string, string]] : []),
        ...view.identifiers.map((i): [string, string] => [
          `Identifier (${i.kind})`,
          `${i.raw ?? ''} (${i.status})`
        ]),
        ...(await evaluationLines(db, view.evaluation)),
        ...(await identificationLines(
          db,
          hypotheses,
          (h) => `person ${personName[h.personId] ?? h.personId}`
        ))
      ]
    };
  }
  if (scope.kind === 'person') {
    const row = await findPersonRow(db, scope.id);
    if (!row) return null;
    const person = await toPerson(db, row);
    const hypotheses = await identificationsOf(db, { personIds: [person.id] });
    return {
      record: { person, identifications: hypotheses },
      lines: [
        ['Person', `${person.name}${person.nameLatin ? ` (${person.nameLatin})` : ''}`],
        ...person.detaineeNumbers.map((n): [string, string] => ['Detainee number', n.raw]),
        ...(await identificationLines(db, hypotheses, (h) => `body ${h.bodyId}`))
      ]
    };
  }
  return null;
}
