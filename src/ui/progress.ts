const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** A spinner on a terminal; elsewhere the first text as one line and nothing more. */
export function showProgress(stream: { write(text: string): unknown }, isTTY: boolean, text: string): Progress {
  if (!isTTY) {
    stream.write(`${text}\n`);
    return { update: () => {}, stop: () => {} };
  }
  let frame = 0;
  let current = text;
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  draw();
  const timer = setInterval(draw, 80);
  return {
    update: (next) => {
      current = next;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

/** `[██████░░░░] 60%`: a bar for work whose size is known, to put in a progress line. */
export function bar(done: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(share * 100)}%`;
}
