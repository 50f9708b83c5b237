// Reading and changing answers by the paths the engine reports
// (`phone`, `members[2].member_name`), without mutating the state React holds.
import type { Answers, AnswerValue } from './engine';

type Step = { name: string; index: number | null };

function stepsOf(path: string): Step[] {
  return path.split('.').map((part) => {
    const match = /^(\w+)\[(\d+)\]$/.exec(part);
    return match ? { name: match[1], index: Number(match[2]) } : { name: part, index: null };
  });
}

/** The entry (the form, or one repeat entry) that holds the answer at `path`, and the answer's name in it. */
function update(answers: Answers, steps: readonly Step[], change: (entry: Answers, name: string) => Answers): Answers {
  const [step, ...rest] = steps;
  if (rest.length === 0 && step.index === null) return change(answers, step.name);
  const entries = Array.isArray(answers[step.name]) ? [...(answers[step.name] as Answers[])] : [];
  if (step.index === null) return answers;
  entries[step.index] = rest.length === 0 ? (entries[step.index] ?? {}) : update(entries[step.index] ?? {}, rest, change);
  return { ...answers, [step.name]: entries };
}

export function withAnswer(answers: Answers, path: string, value: AnswerValue | null): Answers {
  return update(answers, stepsOf(path), (entry, name) => ({ ...entry, [name]: value }));
}

/** One more (empty) entry at the end of the repeat at `path`. */
export function withNewEntry(answers: Answers, path: string): Answers {
  return update(answers, stepsOf(path), (entry, name) => ({ ...entry, [name]: [...((entry[name] as Answers[] | undefined) ?? []), {}] }));
}

/** The repeat entry at `path` (`members[1]`) removed. */
export function withoutEntry(answers: Answers, path: string): Answers {
  const steps = stepsOf(path);
  const last = steps[steps.length - 1];
  const holder = [...steps.slice(0, -1), { name: last.name, index: null }];
  return update(answers, holder, (entry, name) => ({ ...entry, [name]: ((entry[name] as Answers[] | undefined) ?? []).filter((_, i) => i !== last.index) }));
}
