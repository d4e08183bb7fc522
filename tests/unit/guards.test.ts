/**
 * Each pure guard, allowing what it should and refusing what it should. Every
 * refusal sits next to an allowance of the same shape, so a guard that was
 * inverted, or that answers the same for everything, fails here.
 */
import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isExternalUrlAllowed,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppPath,
  webRtcIpPolicy,
} from '../../electron/core/guards';

let root: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'traverse-renderer-')));
});

describe('app:// path guard', () => {
  it('serves files of the renderer, and index.html for the bare origin', () => {
    expect(resolveAppPath(root, `${APP_ORIGIN}/index.html`)).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, `${APP_ORIGIN}/assets/index-abc.js`)).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, `${APP_ORIGIN}/`)).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, APP_ORIGIN)).toBe(join(root, 'index.html'));
  });

  it.each([
    ['encoded slashes around ..', '/..%2f..%2f..%2fetc%2fpasswd'],
    ['.. then an encoded slash', '/..%2Fsecret.txt'],
    ['encoded dots and encoded slash', '/%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['backslashes', '/..\\..\\etc\\passwd'],
    ['encoded backslashes', '/%2e%2e%5c%2e%2e%5cwin.ini'],
    ['a NUL byte', '/index.html%00.png'],
    ['a drive letter', '/C:/Windows/win.ini'],
    ['broken percent-encoding', '/%E0%A4%A'],
  ])('refuses a path with %s', (_name, path) => {
    expect(resolveAppPath(root, `${APP_ORIGIN}${path}`)).toBeNull();
  });

  it('keeps plain and %2e%2e dot-segments inside the renderer (the URL parser folds them before we see them)', () => {
    for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/.%2e/.%2e/.%2e/etc/passwd']) {
      expect(resolveAppPath(root, `${APP_ORIGIN}${path}`)).toBe(join(root, 'etc', 'passwd'));
    }
  });

  it('applies Windows path rules too: backslash traversal is refused, plain files are served', () => {
    const winRoot = 'C:\\Program Files\\Traverse\\resources\\renderer';
    expect(resolveAppPath(winRoot, `${APP_ORIGIN}/assets/app.js`, win32)).toBe(`${winRoot}\\assets\\app.js`);
    expect(resolveAppPath(winRoot, `${APP_ORIGIN}/..\\..\\..\\Windows\\win.ini`, win32)).toBeNull();
    expect(resolveAppPath(winRoot, `${APP_ORIGIN}/%5c%5cserver%5cshare%5cx`, win32)).toBeNull();
    expect(resolveAppPath(winRoot, `${APP_ORIGIN}/C:%5cWindows%5cwin.ini`, win32)).toBeNull();
  });

  it('refuses other hosts and other schemes', () => {
    expect(resolveAppPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(root, `file://${root}/index.html`)).toBeNull();
    expect(resolveAppPath(root, 'https://traverse/index.html')).toBeNull();
  });
});

describe('navigation guard', () => {
  it('lets the window move inside the app', () => {
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html#settings`)).toBe(true);
  });

  it.each([
    'https://example.org/',
    'http://127.0.0.1:4455/',
    'app://other/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'not a url',
  ])('refuses navigation to %s', (url) => expect(isNavigationAllowed(url)).toBe(false));
});

describe('external link guard', () => {
  it.each(['https://example.org/help', 'http://example.org/'])('hands %s to the system browser', (url) => {
    expect(isExternalUrlAllowed(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'smb://host/share',
    'ms-msdt:/id',
    'data:text/html,x',
    'app://traverse/index.html',
    'https://',
    '//example.org',
    'not a url',
  ])('refuses to open %s', (url) => expect(isExternalUrlAllowed(url)).toBe(false));
});

describe('permission guard', () => {
  const ours = `${APP_ORIGIN}/index.html`;

  it('grants camera and microphone to our own top frame', () => {
    expect(
      isPermissionAllowed({ permission: 'media', origin: ours, mediaTypes: ['video', 'audio'], isMainFrame: true }),
    ).toBe(true);
    expect(isPermissionAllowed({ permission: 'media', origin: APP_ORIGIN, mediaTypes: ['audio'] })).toBe(true);
  });

  it('grants fullscreen and notifications to us', () => {
    expect(isPermissionAllowed({ permission: 'fullscreen', origin: ours })).toBe(true);
    expect(isPermissionAllowed({ permission: 'notifications', origin: ours })).toBe(true);
  });

  it.each(['geolocation', 'midi', 'midiSysex', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'unknown'])(
    'refuses %s even to us',
    (permission) => expect(isPermissionAllowed({ permission, origin: ours })).toBe(false),
  );

  it.each(['https://evil.example/', 'http://127.0.0.1:4455/', 'app://other/', 'file:///index.html', ''])(
    'refuses camera and microphone to %s',
    (origin) =>
      expect(isPermissionAllowed({ permission: 'media', origin, mediaTypes: ['video', 'audio'] })).toBe(false),
  );

  it('refuses a sub-frame, and media kinds that are not camera or microphone', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: ours, mediaTypes: ['video'], isMainFrame: false })).toBe(
      false,
    );
    expect(isPermissionAllowed({ permission: 'fullscreen', origin: ours, isMainFrame: false })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: ours, mediaTypes: ['video', 'screen'] })).toBe(false);
  });

  it('refuses a media request that names no kind: Electron before 45 sent screen capture that way', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: ours, mediaTypes: [] })).toBe(false);
  });

  it('grants screen capture (display-capture) to our own top frame only, for video or audio kinds', () => {
    expect(isPermissionAllowed({ permission: 'display-capture', origin: ours, mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed({ permission: 'display-capture', origin: ours, mediaTypes: ['video', 'audio'] })).toBe(
      true,
    );
    expect(
      isPermissionAllowed({ permission: 'display-capture', origin: 'https://evil.example/', mediaTypes: ['video'] }),
    ).toBe(false);
    expect(
      isPermissionAllowed({ permission: 'display-capture', origin: ours, mediaTypes: ['video'], isMainFrame: false }),
    ).toBe(false);
    expect(isPermissionAllowed({ permission: 'display-capture', origin: ours, mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'display-capture', origin: ours, mediaTypes: ['screen'] })).toBe(false);
  });
});

describe('IPC sender guard', () => {
  const ourWindows = new Set([7]);
  const top = { webContentsId: 7, isMainFrame: true, url: `${APP_ORIGIN}/index.html` };

  it('accepts the top frame of our window showing our app', () => {
    expect(isTrustedSender(top, ourWindows)).toBe(true);
  });

  it('refuses a webContents we did not create', () => {
    expect(isTrustedSender({ ...top, webContentsId: 8 }, ourWindows)).toBe(false);
  });

  it('refuses a sub-frame of our own window', () => {
    expect(isTrustedSender({ ...top, isMainFrame: false }, ourWindows)).toBe(false);
  });

  it('refuses our window once it shows another origin', () => {
    expect(isTrustedSender({ ...top, url: 'https://evil.example/' }, ourWindows)).toBe(false);
    expect(isTrustedSender({ ...top, url: 'file:///tmp/x.html' }, ourWindows)).toBe(false);
  });
});

describe('content security policy', () => {
  const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

  it("allows scripts only from 'self' and connections only to us when no server is configured", () => {
    const csp = contentSecurityPolicy('');
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('adds exactly the signaling server, in both the HTTP and the WebSocket scheme', () => {
    expect(directive(contentSecurityPolicy('https://signal.example.org/path'), 'connect-src')).toBe(
      "connect-src 'self' https://signal.example.org wss://signal.example.org",
    );
    expect(directive(contentSecurityPolicy('wss://signal.example.org:8443'), 'connect-src')).toBe(
      "connect-src 'self' https://signal.example.org:8443 wss://signal.example.org:8443",
    );
    expect(directive(contentSecurityPolicy('http://127.0.0.1:4455'), 'connect-src')).toBe(
      "connect-src 'self' http://127.0.0.1:4455 ws://127.0.0.1:4455",
    );
  });

  it('ignores a signaling URL that is not a web URL instead of widening the policy', () => {
    for (const url of ['javascript:alert(1)', 'file:///tmp', '*', 'https://*.example.org', 'not a url']) {
      expect(directive(contentSecurityPolicy(url), 'connect-src')).toBe("connect-src 'self'");
    }
  });
});

describe('WebRTC IP handling policy', () => {
  it('hides local addresses with relay-only on, without forbidding UDP (TURN over UDP keeps working)', () => {
    expect(webRtcIpPolicy(true)).toBe('default_public_interface_only');
  });

  it("keeps Chromium's default with relay-only off, so LAN calls get host candidates", () => {
    expect(webRtcIpPolicy(false)).toBe('default');
  });
});
