import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/** `npm run reset`: wipes the local data (tables, mail, bucket, users). Refuses while `npm start` runs. */
const dataDir = resolve(process.env.MONTEORE_DATA_DIR ?? resolve(import.meta.dirname, '../../.data'));
const pidFile = resolve(dataDir, 'pids.json');
if (existsSync(pidFile)) {
  const alive = (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]).filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  if (alive.length) {
    console.error('npm start is still running (or left processes behind): stop it first.');
    process.exit(1);
  }
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`removed ${dataDir}; the next npm start seeds fresh demo data`);
