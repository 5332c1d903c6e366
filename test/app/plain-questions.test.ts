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
    ['mark opa as done', 'done opa'],
    ['mark the service mesh done', 'done service mesh'],
    ['mark keda as in progress', 'start keda'],
    ['mark falco as not done', 'undo falco'],
    ["we've got otel running", 'done otel'],
    ['we have linkerd in production', 'done linkerd'],
    ['I have got keda working now', 'done keda'],
    ['can you undo falco', 'undo falco'],
    ['hey, could you please show keda?', 'show keda'],
    ['please done keda', 'done keda'],
    ['could you tell me about the service mesh', 'show service mesh'],
    ['hey techtree, what is next?', 'next'],
    ['help please', 'help'],
  ])('%j -> %j', (question, command) => {
    expect(fromPlainQuestion(question)).toBe(command);
  });

  it.each(['done falco', 'status', 'next', 'skip keda we are fine', 'can you frobnicate', 'please'])('leaves %j to the grammar', (text) => {
    expect(fromPlainQuestion(text)).toBeUndefined();
  });
});
