import { describe, expect, it } from 'vitest';
import { fromPlainQuestion } from '../../src/app/plain-questions.ts';

describe('plain questions', () => {
  it.each([
    ["what's next for my team?", 'next'],
    ['so what should we work on next?', 'next'],
    ["what's next for checkout?", 'next checkout'],
    ['we finished falco', 'done falco'],
    ["we've just finished the otel collector", 'done otel collector'],
    ['we finished with falco', 'done falco'],
    ['we are working on the ingress controller', 'start ingress controller'],
    ['why is keda locked?', 'why keda'],
    ["why isn't keda available?", 'why keda'],
    ["why can't we do keda?", 'why keda'],
    ['how are we doing?', 'status'],
    ["what's our status?", 'status'],
    ["what's done?", 'status'],
    ['what is the status of payments', 'status payments'],
    ['how is search doing?', 'status search'],
    ['what is argo', 'show argo'],
    ['tell me about the service mesh', 'show service mesh'],
    ['show me our tree', 'tree'],
    ['hello', 'help'],
  ])('%j -> %j', (question, command) => {
    expect(fromPlainQuestion(question)).toBe(command);
  });

  it.each(['done falco', 'status', 'next', 'skip keda we are fine'])('leaves the command %j to the grammar', (text) => {
    expect(fromPlainQuestion(text)).toBeUndefined();
  });
});
