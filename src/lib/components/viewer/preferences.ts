/** A person's protection preferences for graphic images, as every viewer page receives them. */
export type Preferences = { blur: boolean; greyscale: boolean; labelCards: boolean; exposureMinutes: number };
