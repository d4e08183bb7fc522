/**
 * The Electron wiring of the guards, run for real in Node: recording fakes
 * stand in for Session and WebContents, and the test then calls the handlers
 * the installers registered, exactly as Electron would.
 */
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../electron/core/guards';
import {
  installContentsGuards,
  installPermissionHandlers,
  type DenyWindow,
  type GuardedContents,
  type MediaAccessKind,
  type PermissionRequestDetails,
  type PermissionSession,
  type PreventableEvent,
} from '../../electron/core/session-security';

type RequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];

/** The webContents of our window (id 1), and one of another window showing the same origin. */
const OUR_CONTENTS = { id: 1 };
const OTHER_CONTENTS = { id: 2 };
const isOurContents = (contents: { id: number } | null) => contents?.id === OUR_CONTENTS.id;

function fakeSession() {
  const installed: { request?: RequestHandler; check?: CheckHandler; device?: () => boolean } = {};
  const session: PermissionSession = {
    setPermissionRequestHandler: (handler) => (installed.request = handler),
    setPermissionCheckHandler: (handler) => (installed.check = handler),
    setDevicePermissionHandler: (handler) => (installed.device = handler),
  };
  /** Asks the installed request handler, as Electron does, and resolves with its answer. */
  const request = (permission: string, details: Partial<PermissionRequestDetails> = {}, contents = OUR_CONTENTS) =>
    new Promise<boolean>((resolve) => {
      if (!installed.request)
        throw new Error('no permission request handler installed: Electron would grant everything');
      installed.request(contents, permission, resolve, {
        requestingUrl: `${APP_ORIGIN}/index.html`,
        isMainFrame: true,
        ...details,
      });
    });
  const check = (
    permission: string,
    origin = APP_ORIGIN,
    mediaType?: string,
    isMainFrame = true,
    contents: { id: number } | null = OUR_CONTENTS,
  ) => {
    if (!installed.check) throw new Error('no permission check handler installed: Electron would pass every check');
    return installed.check(contents, permission, origin, { isMainFrame, mediaType });
  };
  return { session, installed, request, check };
}

describe('permission handlers on the session', () => {
  it('installs the request, check and device handlers (without them Electron approves everything)', () => {
    const { session, installed } = fakeSession();
    installPermissionHandlers(session);
    expect(installed.request).toBeTypeOf('function');
    expect(installed.check).toBeTypeOf('function');
    expect(installed.device?.()).toBe(false);
  });

  it('grants camera and microphone to our top frame, and refuses them to another origin or a sub-frame', async () => {
    const { session, request } = fakeSession();
    installPermissionHandlers(session);
    expect(await request('media', { mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(await request('media', { mediaTypes: ['video', 'audio'], requestingUrl: 'https://evil.example/' })).toBe(
      false,
    );
    expect(await request('media', { mediaTypes: ['audio'], requestingUrl: 'http://127.0.0.1:4455/' })).toBe(false);
    expect(await request('media', { mediaTypes: ['video'], isMainFrame: false })).toBe(false);
  });

  it('refuses a media request that names no kind (Electron before 45 sent screen capture so)', async () => {
    const { session, request } = fakeSession();
    installPermissionHandlers(session);
    expect(await request('media', { mediaTypes: [] })).toBe(false);
    expect(await request('media')).toBe(false);
  });

  it('grants screen capture to our top frame for video, and refuses it to another origin or a sub-frame', async () => {
    const { session, request, check } = fakeSession();
    installPermissionHandlers(session);
    expect(await request('display-capture', { mediaTypes: ['video'] })).toBe(true);
    expect(await request('display-capture', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(
      false,
    );
    expect(await request('display-capture', { mediaTypes: ['video'], isMainFrame: false })).toBe(false);
    expect(await request('display-capture')).toBe(false);
    expect(check('display-capture')).toBe(true);
    expect(check('display-capture', 'https://evil.example')).toBe(false);
    expect(check('display-capture', APP_ORIGIN, 'video', false)).toBe(false);
  });

  it('grants notifications (and everything else) to our window only, not another showing our origin', async () => {
    const { session, request, check } = fakeSession();
    installPermissionHandlers(session, { isOurContents });
    expect(await request('notifications')).toBe(true);
    expect(await request('notifications', {}, OTHER_CONTENTS)).toBe(false);
    expect(await request('media', { mediaTypes: ['video'] }, OTHER_CONTENTS)).toBe(false);
    expect(await request('display-capture', { mediaTypes: ['video'] }, OTHER_CONTENTS)).toBe(false);
    expect(check('notifications')).toBe(true);
    expect(check('notifications', APP_ORIGIN, undefined, true, OTHER_CONTENTS)).toBe(false);
    expect(check('notifications', APP_ORIGIN, undefined, true, null)).toBe(false);
  });

  it('grants fullscreen and notifications, refuses geolocation, midi and the rest', async () => {
    const { session, request } = fakeSession();
    installPermissionHandlers(session);
    expect(await request('fullscreen')).toBe(true);
    expect(await request('notifications')).toBe(true);
    for (const permission of ['geolocation', 'midi', 'midiSysex', 'clipboard-read', 'openExternal', 'pointerLock']) {
      expect(await request(permission), permission).toBe(false);
    }
  });

  it('answers permission checks the same way', () => {
    const { session, check } = fakeSession();
    installPermissionHandlers(session);
    expect(check('media', APP_ORIGIN, 'video')).toBe(true);
    expect(check('media', APP_ORIGIN, 'unknown')).toBe(true);
    expect(check('media', 'https://evil.example', 'video')).toBe(false);
    expect(check('media', APP_ORIGIN, 'audio', false)).toBe(false);
    expect(check('geolocation')).toBe(false);
    expect(check('midi')).toBe(false);
    expect(check('notifications')).toBe(true);
  });

  it('on macOS asks the OS for exactly the kinds requested, and a refusal there is a refusal', async () => {
    const asked: MediaAccessKind[] = [];
    let osSays = true;
    const { session, request } = fakeSession();
    installPermissionHandlers(session, {
      askMediaAccess: (kind) => {
        asked.push(kind);
        return Promise.resolve(osSays);
      },
    });
    expect(await request('media', { mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(asked).toEqual(['camera', 'microphone']);
    osSays = false;
    expect(await request('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(asked).toEqual(['camera', 'microphone', 'microphone']);
    // Another origin never reaches the OS prompt.
    expect(await request('media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(asked).toHaveLength(3);
  });
});

type Listener = (event: PreventableEvent, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => DenyWindow) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    setWindowOpenHandler: (handler) => (openHandler = handler),
  };
  /** Fires an event the way Electron does; true when a listener cancelled it. */
  const fire = (event: string, url?: string) => {
    let prevented = false;
    const registered = listeners.get(event) ?? [];
    if (registered.length === 0) throw new Error(`nothing listens to ${event}`);
    for (const listener of registered) listener({ preventDefault: () => (prevented = true) }, url ?? '');
    return prevented;
  };
  const windowOpen = (url: string) => {
    if (!openHandler) throw new Error('no window open handler: Electron would open the window');
    return openHandler({ url });
  };
  return { contents, fire, windowOpen };
}

describe('navigation and window guards on a webContents', () => {
  function setup() {
    const opened: string[] = [];
    const fake = fakeContents();
    installContentsGuards(fake.contents, { openExternal: (url) => (opened.push(url), Promise.resolve()) });
    return { ...fake, opened };
  }

  it('lets navigation stay inside our scheme and cancels navigation to another origin', () => {
    const { fire } = setup();
    expect(fire('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
  });

  it('refuses <webview>', () => {
    expect(setup().fire('will-attach-webview')).toBe(true);
  });

  it('denies every window.open; web links go to the system browser, file: and javascript: go nowhere', () => {
    const { windowOpen, opened } = setup();
    expect(windowOpen('https://example.org/help')).toEqual({ action: 'deny' });
    expect(windowOpen(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny' });
    expect(windowOpen('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(windowOpen('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(windowOpen('smb://host/share')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/help']);
  });
});
