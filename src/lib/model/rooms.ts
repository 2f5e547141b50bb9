/**
 * Room names (`/collab/<room>`): `item/<itemId>` is the shared layer of an item;
 * `item/<itemId>/review/<assignmentId>` one reviewer's blind layer; `body/<bodyId>` a body's page
 * (its overall evaluation).
 */
export type RoomName =
  | { kind: 'item'; itemId: string; name: string }
  | { kind: 'review'; itemId: string; assignmentId: string; name: string }
  | { kind: 'body'; bodyId: string; name: string };

const ID = '[a-z2-7]{24}';
const ITEM = new RegExp(`^item/(${ID})$`);
const REVIEW = new RegExp(`^item/(${ID})/review/(${ID})$`);
const BODY = new RegExp(`^body/(${ID})$`);

export function itemRoom(itemId: string): string {
  return `item/${itemId}`;
}

export function reviewRoom(itemId: string, assignmentId: string): string {
  return `item/${itemId}/review/${assignmentId}`;
}

export function bodyRoom(bodyId: string): string {
  return `body/${bodyId}`;
}

export function parseRoomName(name: string): RoomName | null {
  let match = ITEM.exec(name);
  if (match) return { kind: 'item', itemId: match[1] as string, name };
  match = REVIEW.exec(name);
  if (match) return { kind: 'review', itemId: match[1] as string, assignmentId: match[2] as string, name };
  match = BODY.exec(name);
  if (match) return { kind: 'body', bodyId: match[1] as string, name };
  return null;
}
