import { expect, test } from 'vitest';
import { AnswerClock, countedSeconds } from '../../src/interview/answer-clock.js';
import { FakeClock } from '../support/commands-helpers.js';

test('thinking runs from the question to the first keystroke, writing from there to the answer; pauses count in neither', () => {
  const clock = new FakeClock();
  const answer = new AnswerClock(clock.read, 120);
  clock.advance(5);
  answer.pause();
  clock.advance(100);
  answer.resume();
  clock.advance(7);
  answer.inputStarted();
  clock.advance(30);
  answer.pause();
  expect(answer.countedMs()).toBe(42_000);
  clock.advance(600);
  expect(answer.remainingSeconds()).toBe(78);
  answer.resume();
  clock.advance(50);
  answer.inputStarted();
  const timing = answer.finish();
  expect(timing).toEqual({ thinkingMs: 12_000, writingMs: 80_000, pausedMs: 700_000 });
  expect(countedSeconds(timing)).toBe(92);
});

test('a keystroke while paused ends the pause; pausing twice is one pause', () => {
  const clock = new FakeClock();
  const answer = new AnswerClock(clock.read, null);
  answer.pause();
  clock.advance(10);
  answer.pause();
  clock.advance(10);
  answer.inputStarted();
  expect(answer.paused).toBe(false);
  clock.advance(3);
  expect(answer.remainingSeconds()).toBeNull();
  expect(answer.finish()).toEqual({ thinkingMs: 0, writingMs: 3000, pausedMs: 20_000 });
});

test('input that never signalled its start is all writing; over the limit the time left is negative', () => {
  const clock = new FakeClock();
  const answer = new AnswerClock(clock.read, 60);
  clock.advance(75);
  expect(answer.remainingSeconds()).toBe(-15);
  expect(answer.finish()).toEqual({ thinkingMs: 0, writingMs: 75_000, pausedMs: 0 });
  expect(answer.sawInput).toBe(false);
});

test('an answer finished while paused counts the pause as paused', () => {
  const clock = new FakeClock();
  const answer = new AnswerClock(clock.read, null);
  answer.inputStarted();
  clock.advance(20);
  answer.pause();
  clock.advance(40);
  expect(answer.finish()).toEqual({ thinkingMs: 0, writingMs: 20_000, pausedMs: 40_000 });
});
