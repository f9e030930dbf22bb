/**
 * A one-line progress bar for long CLI commands, redrawn in place on a terminal (normally stderr,
 * so stdout stays clean for results) and silent when the stream is not a terminal (pipes, CI
 * logs, tests): no dependency, just `\r` and an erase-line escape.
 */

/** Where a progress bar draws: a stream that may be a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

/** `label [######------]  40%  4,032/10,080 unit`, fitted into `columns` when given (pure). */
export function progressLine(label: string, done: number, total: number, unit: string, terminalColumns?: number): string {
  // Some pseudo-terminals report 0 columns: then the width is unknown.
  const columns = terminalColumns && terminalColumns > 0 ? terminalColumns : undefined;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const count = `${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}`;
  const fixed = `${label} [] ${percent}  ${count}`.length;
  const width = columns === undefined ? BAR_WIDTH : Math.max(0, Math.min(BAR_WIDTH, columns - 1 - fixed));
  const filled = Math.round(fraction * width);
  const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}  ${count}`;
  return columns === undefined ? line : line.slice(0, Math.max(0, columns - 1));
}

export interface ProgressBarOptions {
  /** What is counted (default "items"). */
  unit?: string;
  /** Least time between redraws, ms (default 100); the last update always draws. */
  intervalMs?: number;
  /** Clock for throttling (tests). */
  now?: () => number;
}

/** A progress bar over `total` items on `stream` (nothing is drawn unless it is a terminal). */
export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly active: boolean;

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly label: string,
    private readonly total: number,
    private readonly options: ProgressBarOptions = {},
  ) {
    this.active = Boolean(stream?.isTTY) && total > 0;
  }

  /** Shows `done` of the total (throttled). */
  update(done: number): void {
    if (!this.active) return;
    const now = (this.options.now ?? Date.now)();
    if (done < this.total && now - this.lastDraw < (this.options.intervalMs ?? 100)) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream!.write(`\r${progressLine(this.label, done, this.total, this.options.unit ?? 'items', this.stream!.columns)}\x1b[K`);
  }

  /** Ends the line the bar was drawn on (if any), so that further output starts on a fresh line. */
  finish(): void {
    if (this.active && this.drawn) this.stream!.write('\n');
    this.drawn = false;
  }
}
