/**
 * Credentials minted by our shared-secret provider against a real coturn
 * (use-auth-secret) on loopback: coturn's own client allocates with them,
 * Chromium gathers a relay candidate with them under relay-only, and a wrong
 * secret is refused and reported as "TURN authentication failed" with its fix.
 */
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnErrorProblem } from '../../shared/ice/ice-error';
import { mintSharedSecret } from '../../shared/ice/ice-provider-shared-secret';
import type { IceServer } from '../../shared/ice/ice-types';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { startCoturn, uclient, type Coturn } from '../support/coturn';

let coturn: Coturn;
let browser: Browser;

/** In a blank Chromium page: gather with relay-only, collect relay candidates and ICE errors. */
async function gatherRelay(
  iceServers: IceServer[],
): Promise<{ relays: string[]; errors: { code: number; url: string }[] }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (servers) => {
      const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
      const relays: string[] = [];
      const errors: { code: number; url: string }[] = [];
      pc.onicecandidateerror = (e) => errors.push({ code: e.errorCode, url: e.url });
      const done = new Promise<void>((resolve) => {
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
      });
      pc.onicecandidate = (e) => e.candidate?.type === 'relay' && relays.push(e.candidate.candidate);
      pc.createDataChannel('probe');
      await pc.setLocalDescription(await pc.createOffer());
      await done;
      pc.close();
      return { relays, errors };
    }, iceServers);
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  coturn = await startCoturn();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await coturn?.stop();
});

describe('shared-secret credentials against a real coturn', () => {
  const mint = (secret: string, ttlSeconds = 120) =>
    mintSharedSecret({ secret, urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], user: 'ana', ttlSeconds });

  it('turnutils_uclient allocates and relays with the minted username and password', async () => {
    const server = (await mint(coturn.secret)).iceServers[0]!;
    const result = await uclient(coturn.port, server.username!, server.credential!);
    expect(result.output).toMatch(/Total lost packets 0/);
    expect(result.code).toBe(0);
    await coturn.waitForLog(new RegExp(`user <${server.username!.replace(':', '\\:')}>`));
  });

  it('Chromium gathers a relay candidate with them under iceTransportPolicy relay', async () => {
    const { relays, errors } = await gatherRelay((await mint(coturn.secret)).iceServers);
    expect(errors).toEqual([]);
    expect(relays.length).toBeGreaterThan(0);
    expect(relays[0]).toMatch(/typ relay raddr/);
  });

  it('a wrong secret is refused: coturn fails the allocation, Chromium reports 401, the user reads "TURN authentication failed" and its fix', async () => {
    const wrong = (await mint('not-the-secret')).iceServers[0]!;
    const cli = await uclient(coturn.port, wrong.username!, wrong.credential!);
    expect(cli.code).not.toBe(0);
    expect(cli.output).toMatch(/Cannot complete Allocation/);

    const { relays, errors } = await gatherRelay([wrong]);
    expect(relays).toEqual([]);
    expect(errors.map((e) => e.code)).toContain(401);
    const problem = turnErrorProblem(401, errors[0]!.url);
    expect(problem?.what).toMatch(/^TURN authentication failed \(turn:127\.0\.0\.1:\d+/);
    expect(problem?.fix).toMatch(/static-auth-secret/);
  });

  it('expired credentials are refused too (the reason refresh exists)', async () => {
    const expired = await mintSharedSecret({
      secret: coturn.secret,
      urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`],
      user: 'ana',
      ttlSeconds: 60,
      now: () => Date.now() - 120_000,
    });
    const { relays, errors } = await gatherRelay(expired.iceServers);
    expect(relays).toEqual([]);
    expect(errors.map((e) => e.code)).toContain(401);
  });
});
