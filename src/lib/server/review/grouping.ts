/**
 * Pairs the findings of an item's independent reviews: matched regions (IoU ≥ 0.5, the agreement
 * statistics' own rule) join one group, across every pair of reviews; a finding nobody else drew is
 * a group of one. Groups are keyed by their members, so every adjudicator's page names a group the
 * same way.
 */
import type { AnnotationRecord } from '../../model/document-schema.ts';
import { matchFindings, parseRegion, type Finding } from './agreement-math.ts';

export type Member = { assignmentId: string; annotationId: string };
export type Group = { key: string; members: Member[] };

export const memberKey = (m: Member) => `${m.assignmentId}:${m.annotationId}`;

export function groupFindings(layers: Array<{ assignmentId: string; records: AnnotationRecord[] }>): Group[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const findings = layers.map((layer) => ({
    assignmentId: layer.assignmentId,
    findings: layer.records.flatMap((r): Finding[] => {
      const region = parseRegion(r.target);
      return region ? [{ id: r.id, region }] : [];
    })
  }));
  for (const layer of findings)
    for (const f of layer.findings) {
      const k = memberKey({ assignmentId: layer.assignmentId, annotationId: f.id });
      parent.set(k, k);
    }
  for (let i = 0; i < findings.length; i++)
    for (let j = i + 1; j < findings.length; j++) {
      const [a, b] = [findings[i]!, findings[j]!];
      for (const pair of matchFindings(a.findings, b.findings).pairs) {
        const ka = find(memberKey({ assignmentId: a.assignmentId, annotationId: pair.a.id }));
        const kb = find(memberKey({ assignmentId: b.assignmentId, annotationId: pair.b.id }));
        if (ka !== kb) parent.set(kb, ka);
      }
    }
  const groups = new Map<string, Member[]>();
  for (const layer of findings)
    for (const f of layer.findings) {
      const member = { assignmentId: layer.assignmentId, annotationId: f.id };
      const root = find(memberKey(member));
      groups.set(root, [...(groups.get(root) ?? []), member]);
    }
  const order = new Map(layers.map((l, i) => [l.assignmentId, i]));
  return [...groups.values()]
    .map((members) => {
      members.sort(
        (x, y) =>
          order.get(x.assignmentId)! - order.get(y.assignmentId)! ||
          x.annotationId.localeCompare(y.annotationId)
      );
      return { key: members.map(memberKey).sort().join('+'), members };
    })
    .sort((x, y) => y.members.length - x.members.length || x.key.localeCompare(y.key));
}
