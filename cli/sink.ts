/**
 * Where the data goes: stdout or a file, written in whole lines, buffered.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from "node:fs";
import process from "node:process";
import { CliError, EXIT } from "./exit-codes.ts";

/** A buffered writer of whole lines. */
export interface Sink {
  /** Queues text (whole lines); writes out when the buffer is full. */
  write(text: string): Promise<void>;
  /** Writes out everything queued and closes the file. */
  close(): Promise<void>;
}

const FLUSH_AT = 64 * 1024;

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = process.stdout.write(text, (error) => {
      if (error) reject(error);
    });
    if (ready) resolve();
    else process.stdout.once("drain", () => resolve());
  });
}

/**
 * Opens the sink of a run.
 *
 * @param output A file path, or undefined for stdout.
 * @returns The sink.
 * @throws {CliError} (usage) when the file cannot be created.
 */
export function openSink(output: string | undefined): Sink {
  let fd: number | undefined;
  if (output !== undefined) {
    try {
      fd = openSync(output, "w");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`Cannot write --output ${output}: ${reason}`, EXIT.usage);
    }
  }
  let buffer: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const text = buffer.join("");
    buffer = [];
    size = 0;
    if (fd === undefined) await writeStdout(text);
    else writeSync(fd, text);
  };
  return {
    async write(text) {
      buffer.push(text);
      size += text.length;
      if (size >= FLUSH_AT) await flush();
    },
    async close() {
      await flush();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
