/** A level-free wake-up: `wait()` resolves at the next `notify()`. Used to wake consumers and blocked producers. */
export class Notifier {
  private waiters: (() => void)[] = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
