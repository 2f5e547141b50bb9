/** The vocabulary of bodies, shared by the browser and the server: photo roles and body statuses. */
export const BODY_ITEM_ROLES = ['tag', 'face', 'full_body', 'injury_detail', 'other'] as const;
export type BodyItemRole = (typeof BODY_ITEM_ROLES)[number];

/** open → evaluated (only once the overall evaluation is complete). */
export const BODY_STATUSES = ['open', 'evaluated'] as const;
export type BodyStatus = (typeof BODY_STATUSES)[number];
