/**
 * Progress on stderr: an animated line when stderr is a terminal and `CI` is unset, a plain
 * line now and then otherwise, nothing when quiet. stdout never sees it.
 *
 * @module
 */
import type { Progress } from "../lib/mod.ts";

/** How progress is shown. */
export type ProgressMode = "tty" | "plain" | "off";

/** Where progress goes. */
export interface ProgressOptions {
  mode: ProgressMode;
  /** What is being fetched, e.g. `"transactions"`. */
  label: string;
  /** Writes to stderr. */
  write: (text: string) => void;
  /** Requests per second the client may send, for the ETA. */
  rateLimit: number;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** A running progress display. */
export interface ProgressReporter {
  /** Takes the client's latest progress. */
  update(progress: Progress): void;
  /** Ends the display: a summary line (none when off), or just clears it when `outcome` is undefined. */
  finish(outcome: string | undefined): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const TTY_REDRAW_MS = 80;
const PLAIN_EVERY_MS = 2_000;

/**
 * Picks the mode: off when quiet, animated on a terminal outside CI, plain otherwise.
 *
 * @param options Whether stderr is a TTY, `--quiet`, and the `CI` variable.
 * @returns The mode.
 */
export function progressMode(
  options: { isTty: boolean; quiet: boolean; ci: string | undefined },
): ProgressMode {
  if (options.quiet) return "off";
  return options.isTty && (options.ci === undefined || options.ci === "") ? "tty" : "plain";
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/**
 * Starts a progress display.
 *
 * @param options See {@link ProgressOptions}.
 * @returns The reporter; call `finish()` once.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const { mode, label, write, rateLimit, now = Date.now } = options;
  const started = now();
  let latest: Progress = { windowsDone: 0, windowsTotal: 0, rows: 0, requests: 0, retries: 0 };
  let frame = 0;
  let lastDraw = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const describe = (): string => {
    const elapsed = Math.max(1, now() - started);
    const rate = latest.requests / (elapsed / 1000);
    const parts = [
      `${latest.windowsDone}/${latest.windowsTotal} windows`,
      `${latest.rows.toLocaleString("en-US")} rows`,
      `${latest.requests} requests (${rate.toFixed(1)}/s)`,
    ];
    if (latest.windowsDone > 0 && latest.windowsDone < latest.windowsTotal) {
      // The rate limit sets the pace: the remaining windows' requests at `rateLimit` a second.
      const perWindow = latest.requests / latest.windowsDone;
      const left = (latest.windowsTotal - latest.windowsDone) * perWindow;
      parts.push(`ETA ${seconds((left / rateLimit) * 1000)}`);
    }
    if (latest.retries > 0) parts.push(`${latest.retries} retries`);
    return `${label}: ${parts.join(", ")}`;
  };
  const draw = (): void => {
    frame = (frame + 1) % FRAMES.length;
    write(`\r\x1b[2K${FRAMES[frame]} ${describe()}`);
    lastDraw = now();
  };

  if (mode === "tty") {
    timer = setInterval(draw, TTY_REDRAW_MS);
    (timer as { unref?: () => void }).unref?.();
  }
  let announced = false;

  return {
    update(progress) {
      latest = progress;
      if (mode === "tty" && now() - lastDraw >= TTY_REDRAW_MS) draw();
      if (mode === "plain" && !announced) {
        write(`${label}: started\n`);
        announced = true;
        lastDraw = now();
      }
      if (mode === "plain" && now() - lastDraw >= PLAIN_EVERY_MS) {
        write(`${describe()}\n`);
        lastDraw = now();
      }
    },
    finish(outcome) {
      if (timer !== undefined) clearInterval(timer);
      if (mode === "off") return;
      if (outcome === undefined) {
        if (mode === "tty") write("\r\x1b[2K");
        return;
      }
      const line = `${describe()}; ${outcome} in ${seconds(now() - started)}`;
      write(mode === "tty" ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
