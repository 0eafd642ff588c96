/**
 * Runs passes one at a time: a run asked for during a pass (from a callback of that pass) does not nest but
 * makes the running one go round again.
 */
export class ReentrantLoop {
  private running = false;
  private again = false;

  run(pass: () => void): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        pass();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }
}
