/**
 * Tombstones, history and time travel in real Chromium: Bassel deletes Amal's finding (asked to
 * confirm, with a reason), both see it under "Deleted", Amal (its author) restores it; the history
 * panel lists who changed which field and writes an earlier value back; time travel shows the
 * layer as it was at its first change. The photograph is generated.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMAL, annotatingPair, drawRectangle, entries, fitToView, openItem, type Pair } from './steps.ts';
import { BASSEL, waitForCount, waitSynced } from './steps.ts';

const panel = (page: Page) => page.getByTestId('finding-panel');
const lesion = (page: Page) => panel(page).getByLabel('Lesion type', { exact: true });
const deletedSection = (page: Page) => page.getByTestId('deleted-findings');

describe('deleted findings, history and time travel', () => {
  let pair: Pair;
  let amal: Page;
  let bassel: Page;
  let id = '';

  beforeAll(async () => {
    pair = await annotatingPair(BASSEL);
    ({ amal, other: bassel, id } = pair);
  });
  afterAll(async () => {
    await pair?.browser.close();
    await pair?.athar.destroy();
  });

  it('asks Bassel for a reason before he deletes Amal’s finding; Amal restores it from Deleted', async () => {
    await Promise.all([openItem(amal, id), openItem(bassel, id)]);
    await fitToView(amal);
    await drawRectangle(amal, { x: 400, y: 300 }, { x: 800, y: 700 });
    await lesion(amal).selectOption('contusion');
    await drawRectangle(amal, { x: 1200, y: 500 }, { x: 1500, y: 900 });
    await waitSynced(amal);
    await waitForCount(bassel, 2);

    await entries(bassel).filter({ hasText: 'Contusion' }).click();
    await panel(bassel).getByRole('button', { name: 'Delete this annotation' }).click();
    const dialog = bassel.getByTestId('reason-dialog');
    await dialog.getByText(`This finding was drawn by ${AMAL.name}`).waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByText('A reason is required.').waitFor(); // no reason, no deletion
    await dialog.getByLabel('Reason').fill('Drawn twice, the other one is right');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    for (const page of [amal, bassel]) {
      await waitForCount(page, 1);
      await deletedSection(page).getByText('Deleted (1)').click();
      await deletedSection(page).getByText('Drawn twice, the other one is right').waitFor();
      await deletedSection(page).getByText(`Deleted by ${BASSEL.name}`).waitFor();
    }
    await deletedSection(amal).getByRole('button', { name: 'Restore' }).click();
    for (const page of [amal, bassel]) {
      await waitForCount(page, 2);
      await expect.poll(() => deletedSection(page).count()).toBe(0);
    }
  });

  it('shows the history of a finding with its authors, and writes an earlier value back', async () => {
    await entries(amal).filter({ hasText: 'Contusion' }).click();
    await lesion(amal).selectOption('abrasion');
    await waitSynced(amal);
    await amal.getByRole('button', { name: 'History of this finding' }).click();
    const history = amal.getByTestId('finding-history');
    const lesionChange = history.locator('[data-testid=history-entry][data-field="finding.lesionType"]');
    await expect.poll(() => lesionChange.count(), { timeout: 15_000 }).toBe(2);
    const tombstone = history.locator('[data-testid=history-entry][data-field=deletedBy]');
    // Newest first: Amal's restore, then Bassel's deletion.
    await expect.poll(() => tombstone.count()).toBe(2);
    await tombstone.last().getByText(BASSEL.name).waitFor();
    await tombstone.first().getByText(AMAL.name).waitFor();
    // The newest change first: contusion → abrasion; restore contusion.
    await lesionChange.first().getByRole('button', { name: 'Restore this value' }).click();
    await expect.poll(() => lesion(amal).inputValue(), { timeout: 15_000 }).toBe('contusion');
    await entries(bassel).filter({ hasText: 'Contusion' }).waitFor();
  });

  it('travels back to the first change: one unclassified shape, marked as changed since', async () => {
    await waitSynced(amal);
    const travel = bassel.getByTestId('time-travel');
    await travel.getByText('Time travel').click();
    const select = travel.getByTestId('time-travel-moment');
    await expect.poll(() => select.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    const oldest = await select.locator('option').last().getAttribute('value');
    await select.selectOption(oldest ?? '');
    const past = travel.getByTestId('time-travel-entry');
    await expect.poll(() => past.count(), { timeout: 15_000 }).toBe(1);
    await past.first().getByText('Not classified yet').waitFor();
    await past.first().getByText('changed since').waitFor();
    await travel.getByText('Added since: 1').waitFor();
    await select.selectOption('');
    await expect.poll(() => past.count()).toBe(0);
    expect(pair.problems).toEqual([]);
  });
});
