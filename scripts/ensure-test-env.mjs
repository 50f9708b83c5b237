// The browser tests drive Debian's Chromium. Install it when it is missing and
// this machine can (root with apt-get), so `npm test` needs nothing by hand.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log('Installing Chromium from Debian for the browser tests…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit' });
  } else {
    console.warn(`${CHROMIUM} is missing and cannot be installed here (needs root and apt-get): install the Debian package chromium.`);
  }
}
