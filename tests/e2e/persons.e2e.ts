/**
 * Persons in real Chromium: a name marked in a page's transcription appears in "names not yet in
 * the register"; a reviewer adds the person with the register's form and links the name with a
 * candidate; the person page lists the mention with its page. An identification is proposed from a
 * body's identifier written in Arabic-Indic digits, and confirmed by two experts in two browser
 * contexts: one confirmation leaves it proposed, the second confirms it. An expert proposes the
 * person for another body from the body page, found by a Latin spelling of the name; a reviewer
 * without the expert flag is not offered that.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { join } from '../helpers/collab.ts';
import { api } from '../helpers/http.ts';
import { writePage } from '../helpers/transcription.ts';
import { createToken } from '../helpers/world.ts';
import { isolate } from '../../src/lib/i18n/bidi.ts';
import { hydrated, launchBrowser, newContext, submit } from './browser.ts';
import { AMAL, BASSEL, prepareQueue, QUEUE_PHOTOS, signIn, type Person } from './steps.ts';

const CORA: Person = {
  name: 'Cora Coordinator',
  email: 'cora@example.org',
  password: 'horse staple battery',
  role: 'coordinator'
};

describe('persons: from a marked name to a confirmed identification', () => {
  let athar: Instance;
  let browser: Browser;
  let bassel: Page;
  let amal: Page;
  let cora: Page;
  let collectionId = '';
  let items: string[] = [];
  let personPath = '';

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    items = await prepareQueue(athar, [AMAL, BASSEL, CORA]);
    collectionId = await collectionIdOf(athar, QUEUE_PHOTOS.collection);
    browser = await launchBrowser();
    const signedIn = async (who: Person) => {
      const { page } = await newContext(browser, athar.url);
      await signIn(page, who);
      return page;
    };
    bassel = await signedIn(BASSEL);
    amal = await signedIn(AMAL);
    cora = await signedIn(CORA);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('links a name marked in a transcription to a new person of the register', async () => {
    const token = await createToken(athar, BASSEL.email);
    const peer = await join(athar, `item/${items[0]}`, { token });
    writePage(peer.doc, [
      { dir: 'rtl', runs: ['تم نقل ', { text: 'سامي خليل القباني', marks: ['personName'] }, ' إلى الفرع'] }
    ]);
    const worklist = `/collections/${collectionId}/persons/mentions`;
    await expect
      .poll(
        async () => {
          await bassel.goto(worklist);
          return bassel.getByText('سامي خليل القباني').count();
        },
        { timeout: 20_000 }
      )
      .toBe(1);
    peer.close();

    await bassel.goto(`/collections/${collectionId}/persons`);
    await hydrated(bassel);
    await bassel.getByLabel('Full name as written (Arabic)').fill('سامي خليل القباني');
    await bassel.getByLabel('Full name in Latin letters').fill('Sami Khalil al-Qabbani');
    await submit(bassel, 303, () => bassel.getByRole('button', { name: 'Add to the register' }).click());
    await bassel.waitForURL(/\/persons\/[a-z2-7]{24}$/);
    personPath = new URL(bassel.url()).pathname;

    await bassel.goto(worklist);
    await hydrated(bassel);
    await submit(bassel, 200, () =>
      bassel.getByRole('button', { name: `Link to ${isolate('سامي خليل القباني')}` }).click()
    );
    await bassel.getByText('Every name marked on the pages is linked to a person.').waitFor();

    await bassel.goto(personPath);
    const mentions = bassel.locator('section', {
      has: bassel.getByRole('heading', { name: 'Mentions in documents' })
    });
    await mentions.getByText('سامي خليل القباني').waitFor();
    expect(await mentions.getByRole('link', { name: QUEUE_PHOTOS.names[0] }).getAttribute('href')).toBe(
      `/items/${items[0]}`
    );
  });

  it('proposes an identification from a body identifier and confirms it as two experts', async () => {
    const amalToken = await createToken(athar, AMAL.email);
    const body = await api<{ id: string }>(athar, amalToken, 'POST', '/api/bodies', {
      collectionId,
      itemIds: [items[1]],
      identifiers: [{ kind: 'detainee', value: '507' }]
    });
    expect(body.status).toBe(201);

    await bassel.goto(personPath);
    await hydrated(bassel);
    await bassel.getByLabel('Body identifier or body id').fill('٥٠٧');
    await submit(bassel, 200, () => bassel.getByRole('button', { name: 'Propose identification' }).click());
    await bassel.locator('[data-status=proposed]').getByText('0 of 2 confirmations').waitFor();
    // A reviewer without the expert flag is not offered the confirmation.
    expect(await bassel.getByRole('button', { name: 'Confirm identification' }).count()).toBe(0);

    await amal.goto(personPath);
    await hydrated(amal);
    await submit(amal, 200, () => amal.getByRole('button', { name: 'Confirm identification' }).click());
    await amal.locator('[data-status=proposed]').getByText('1 of 2 confirmations').waitFor();
    await amal.getByText('You have confirmed: a second expert or coordinator must confirm.').waitFor();

    await cora.goto(personPath);
    await hydrated(cora);
    await submit(cora, 200, () => cora.getByRole('button', { name: 'Confirm identification' }).click());
    await cora.locator('[data-status=confirmed]').getByText('2 of 2 confirmations').waitFor();
    await amal.reload();
    await amal.locator('[data-status=confirmed]').waitFor();
  });

  it('proposes the person for a body from the body page, found by another spelling', async () => {
    const amalToken = await createToken(athar, AMAL.email);
    const body = await api<{ id: string }>(athar, amalToken, 'POST', '/api/bodies', {
      collectionId,
      itemIds: [items[0]],
      identifiers: [{ kind: 'detainee', value: '508' }]
    });
    expect(body.status).toBe(201);

    await amal.goto(`/bodies/${body.body.id}`);
    await hydrated(amal);
    await amal.getByText('No person is proposed for this body.').waitFor();
    await amal.getByLabel('Name of the person').fill('Sami Khalil Qabbani');
    await amal.getByRole('button', { name: 'Find in the register' }).click();
    await submit(amal, 200, () =>
      amal.getByRole('button', { name: `Propose ${isolate('سامي خليل القباني')}` }).click()
    );
    await amal.getByText('Proposed: two experts or coordinators must now confirm it').waitFor();
    await amal.locator('[data-status=proposed]').getByRole('link', { name: 'سامي خليل القباني' }).waitFor();

    await bassel.goto(`/bodies/${body.body.id}`);
    await bassel.locator('[data-status=proposed]').waitFor();
    expect(await bassel.getByRole('button', { name: 'Find in the register' }).count()).toBe(0);
  });
});
