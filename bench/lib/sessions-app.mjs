// What every `sessions` server answers, so the harness can check each response body.

/** Body of GET / for a logged-in session. */
export const LOGGED_IN = '<h1>You are logged in</h1><a href="/logout">Logout</a>';

/** Body of GET / without a logged-in session. */
export const NOT_LOGGED_IN = 'not logged in';

/** Counts the files in `dir` (0 when it does not exist). */
export async function countFiles(dir) {
  const { readdir } = await import('node:fs/promises');
  try {
    return (await readdir(dir)).length;
  } catch (err) {
    if (err.code === 'ENOENT') return 0;
    throw err;
  }
}

/** Deletes everything in `dir` but keeps the directory (stores expect it to exist). */
export async function emptyDir(dir) {
  const { mkdir, rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}
