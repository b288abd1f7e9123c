// npm run puts node_modules/.bin first on PATH, so the `node@24` devDependency gives every script Node 24.
// If its install script was blocked, npm silently falls back to the system Node: refuse instead of half-working.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `monteore needs Node 24 (the Lambda runtime is nodejs24.x) but this is Node ${process.versions.node}.\n` +
      'The project installs it as the `node` devDependency; run `npm install` (with install scripts allowed) and try again.',
  );
  process.exit(1);
}
