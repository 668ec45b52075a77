const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner on a terminal, a single line elsewhere. Returns the function that ends it. */
export function showProgress(stream: { write(text: string): unknown }, isTTY: boolean, text: string): () => void {
  if (!isTTY) {
    stream.write(`${text}\n`);
    return () => {};
  }
  let frame = 0;
  const draw = () => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}`);
  draw();
  const timer = setInterval(draw, 80);
  return () => {
    clearInterval(timer);
    stream.write('\r\x1b[2K');
  };
}
