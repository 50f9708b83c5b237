import cliProgress from 'cli-progress';

/** A progress callback that draws a bar on a terminal and prints nothing when piped. */
export function progressBar(unit: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  let bar: cliProgress.SingleBar | null = null;
  return (done, total) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { format: `  {bar} {percentage}% | {value}/{total} ${unit} | {eta}s left`, stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}

/**
 * A progress callback for logs: when output is not a terminal (a cron job, a
 * pipe, a supervising process), a line each time another tenth is done.
 */
export function progressLines(label: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): (done: number, total: number) => void {
  let reported = -1;
  return (done, total) => {
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth <= reported) return;
    reported = tenth;
    write(`${label}: ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)}%)`);
  };
}
