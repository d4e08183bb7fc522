/**
 * electron-builder.yml as electron-builder itself reads and validates it: the
 * three platforms' targets, every Electron fuse set explicitly to the safe
 * value, camera and microphone usage strings, entitlements, real icons and
 * the traverse: link scheme.
 * Needs no Electron binary, so it runs everywhere.
 */
import { FuseV1Options } from '@electron/fuses';
import { expect, test } from '@playwright/test';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** electron-builder's key for a fuse: the enum name with a lower-case first letter. */
const fuseKey = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const SAFE_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

let config: Configuration;

test.beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

test('electron-builder accepts the configuration against its own schema, which rejects a misspelt fuse', async () => {
  await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  // Control: the schema is strict, so a typo in a fuse name could not slip through as "set".
  const typo = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } } as Configuration;
  await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/configuration.electronFuses/);
});

test('targets Linux AppImage and deb, Windows NSIS and macOS dmg, packed in an asar', () => {
  expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  expect(config.win?.target).toEqual(['nsis']);
  expect(config.mac?.target).toEqual(['dmg']);
  expect(config.asar).toBe(true);
});

test('sets every Electron fuse explicitly, each to the safe value', () => {
  const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;
  const known = Object.keys(FuseV1Options).filter((name) => Number.isNaN(Number(name)));
  expect(known.length).toBeGreaterThanOrEqual(8);
  for (const name of known) {
    const key = fuseKey(name);
    expect(typeof fuses[key], `fuse ${name} (${key}) must be set explicitly`).toBe('boolean');
    expect(fuses[key], `fuse ${name}`).toBe(SAFE_FUSES[key]);
  }
});

test('macOS asks for camera and microphone with usage strings, under a hardened runtime with the entitlements calls need', () => {
  const info = (config.mac?.extendInfo ?? {}) as Record<string, unknown>;
  expect(info.NSCameraUsageDescription).toMatch(/camera/i);
  expect(info.NSMicrophoneUsageDescription).toMatch(/microphone/i);
  expect(config.mac?.hardenedRuntime).toBe(true);
  const entitlements = readFileSync(join(root, config.mac?.entitlements ?? 'missing'), 'utf8');
  for (const key of ['cs.allow-jit', 'device.camera', 'device.audio-input', 'network.client']) {
    expect(entitlements).toContain(`<key>com.apple.security.${key}</key>`);
  }
  // Entitlements that would undo the hardened runtime.
  for (const key of [
    'cs.disable-library-validation',
    'cs.allow-dyld-environment-variables',
    'cs.allow-unsigned-executable-memory',
  ]) {
    expect(entitlements).not.toContain(key);
  }
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('ships real icons for each platform', () => {
  expect(pngSize(join(root, 'build/icon.png'))).toEqual([512, 512]);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    expect(pngSize(join(root, `build/icons/${size}x${size}.png`))).toEqual([size, size]);
  }
  const ico = readFileSync(join(root, config.win?.icon ?? 'missing'));
  expect(ico.readUInt16LE(2)).toBe(1); // ICO type
  expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(6); // images, up to 256x256
  const icns = readFileSync(join(root, config.mac?.icon ?? 'missing'));
  expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
});

test('installers register traverse: links, and the Linux desktop entry hands the link to the app', async () => {
  expect(config.protocols).toEqual([{ name: 'Traverse', schemes: ['traverse'] }]);
  // The desktop entry as electron-builder writes it for AppImage and deb, from this configuration.
  const packager = {
    appInfo: { productName: 'Traverse', sanitizedProductName: 'Traverse', description: '' },
    executableName: 'traverse',
    config,
    platformSpecificBuildOptions: config.linux ?? {},
    fileAssociations: [],
    // The app's package.json, where Electron on Linux reads desktopName for its window's app_id.
    info: { metadata: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { desktopName?: string } },
  };
  const helper = new LinuxTargetHelper(packager as unknown as ConstructorParameters<typeof LinuxTargetHelper>[0]);
  const entry = await helper.computeDesktopEntry(config.linux ?? {});
  expect(entry).toContain('MimeType=x-scheme-handler/traverse;');
  // %U: the clicked link arrives in argv, where electron/main.ts looks for it.
  expect(entry).toMatch(/^Exec=\S+ %U$/m);
  // The running window's app_id (desktopName) matches the entry, so docks group the window under its icon.
  expect(packager.info.metadata.desktopName).toBe('traverse.desktop');
  expect(entry).toMatch(/^StartupWMClass=traverse$/m);
});
