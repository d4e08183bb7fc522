/**
 * The lobby's device check through the web harness in Chromium with its fake camera and
 * microphone: the camera delivers a live picture and the microphone hears sound; Camera off is said
 * as not checked (the microphone's verdict stays), and turning the camera back on checks it again
 * ("Checking your camera…"). No serious axe finding in the area. Screenshots:
 * screenshots/device-check.png, device-check-camera-off.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openPerson } from './people';

test('the lobby checks the camera and microphone and says what it found', async ({ browser }) => {
  const ana = await openPerson(browser, 'Ana');
  const { page } = ana;
  const area = page.getByRole('region', { name: 'Device check' });
  const result = area.getByRole('status', { name: 'Device check result' });
  await expect(result).toContainText(/Your camera delivers a live picture \(\d+×\d+, \d+ fps\)\./);
  await expect(result).toContainText('Your microphone hears sound.');
  await expect(area.getByRole('button', { name: 'Check again' })).toBeEnabled();
  await page.screenshot({ path: 'screenshots/device-check.png', fullPage: true });
  const serious = (await new AxeBuilder({ page }).include('.device-check').analyze()).violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map((v) => v.id)).toEqual([]);

  const cameraOff = page.getByRole('switch', { name: 'Camera off' });
  await cameraOff.click();
  await expect(result).toContainText('Your camera is off (Camera off), so it was not checked.');
  // The microphone's verdict stays: Camera off does not touch it.
  await expect(result).toContainText('Your microphone hears sound.');
  await page.screenshot({ path: 'screenshots/device-check-camera-off.png', fullPage: true });
  await cameraOff.click();
  await expect(result).toContainText('Checking your camera…');
  await expect(result).toContainText(/Your camera delivers a live picture/);
  await page.context().close();
});
