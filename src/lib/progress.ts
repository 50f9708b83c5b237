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
