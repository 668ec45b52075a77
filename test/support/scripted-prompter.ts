import { CancelledError } from '../../src/errors.js';
import type { AnswerClock } from '../../src/interview/answer-clock.js';
import type { Answer } from '../../src/interview/runner.js';
import type { Choice, Prompter } from '../../src/ui/prompter.js';
import type { Rating } from '../../src/store/store.js';

export type Step =
  | { select: string | RegExp; choose: string | ((choices: Choice<unknown>[]) => unknown) }
  | { number: string | RegExp; answer: number }
  | { text: string | RegExp; answer: string }
  | { secret: string | RegExp; answer: string }
  | { answer: Answer; /** Acts the person's timing out on the answer's clock before answering. */ play?: (clock: AnswerClock | undefined) => void }
  | { rate: Rating | null }
  | { cancel: 'select' | 'number' | 'answer' | 'text' | 'secret' | 'rate' };

/**
 * Plays a script of prompts and answers. An unexpected prompt fails the test, and so does a
 * script with steps left over (call `assertDone`).
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];

  constructor(private readonly steps: Step[]) {}

  async select<T>(message: string, choices: Choice<T>[]): Promise<T> {
    const step = this.take('select', message);
    if ('cancel' in step) throw new CancelledError();
    if (!('select' in step)) throw new Error(`expected ${JSON.stringify(step)}, got select "${message}"`);
    if (typeof step.choose === 'function') return step.choose(choices as Choice<unknown>[]) as T;
    const choice = choices.find((c) => c.name === step.choose || String(c.value) === step.choose);
    if (!choice) throw new Error(`no choice "${String(step.choose)}" in ${choices.map((c) => c.name).join(' | ')}`);
    return choice.value;
  }

  async number(message: string, options: { min: number; max: number }): Promise<number> {
    const step = this.take('number', message);
    if ('cancel' in step) throw new CancelledError();
    if (!('number' in step)) throw new Error(`expected ${JSON.stringify(step)}, got number "${message}"`);
    // The terminal's prompt refuses what is out of range: so does the script.
    if (step.answer < options.min || step.answer > options.max) throw new Error(`"${message}" accepts ${options.min} to ${options.max}, not ${step.answer}`);
    return step.answer;
  }

  async text(message: string): Promise<string> {
    const step = this.take('text', message);
    if ('cancel' in step) throw new CancelledError();
    if (!('text' in step)) throw new Error(`expected ${JSON.stringify(step)}, got text "${message}"`);
    return step.answer;
  }

  async secret(message: string): Promise<string> {
    const step = this.take('secret', message);
    if ('cancel' in step) throw new CancelledError();
    if (!('secret' in step)) throw new Error(`expected ${JSON.stringify(step)}, got secret "${message}"`);
    return step.answer;
  }

  async answer(options: { editor: boolean; clock?: AnswerClock }): Promise<Answer> {
    const step = this.take('answer', 'answer');
    if ('cancel' in step) throw new CancelledError();
    if (!('answer' in step) || 'number' in step || 'text' in step || 'secret' in step || 'rate' in step) throw new Error(`expected ${JSON.stringify(step)}, got an answer prompt`);
    if ('play' in step) step.play?.(options.clock);
    return step.answer;
  }

  async rate(message: string): Promise<Rating | null> {
    const step = this.take('rate', message);
    if ('cancel' in step) throw new CancelledError();
    if (!('rate' in step)) throw new Error(`expected ${JSON.stringify(step)}, got a rating prompt`);
    return step.rate;
  }

  release(): void {}

  assertDone(): void {
    if (this.steps.length > 0) throw new Error(`unused prompt steps: ${JSON.stringify(this.steps)}`);
  }

  private take(kind: string, message: string): Step {
    this.asked.push(`${kind}: ${message}`);
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected ${kind} prompt: "${message}"`);
    const expected = 'select' in step ? step.select : 'number' in step ? step.number : 'text' in step ? step.text : 'secret' in step ? step.secret : undefined;
    if (expected !== undefined && !(typeof expected === 'string' ? message.includes(expected) : expected.test(message))) {
      throw new Error(`expected a prompt matching ${String(expected)}, got ${kind} "${message}"`);
    }
    return step;
  }
}
