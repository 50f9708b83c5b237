/**
 * A form being filled: the answers, the engine's view of them after every
 * change, and saving. Every change is kept in this browser at once and saved
 * to the server shortly after, so neither a reload nor a dropped connection
 * loses what the worker typed; a copy newer than the server's wins on reload.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { saveAnswers } from './api';
import { compileForm, evaluateForm, type Answers, type AnswerValue } from './engine';
import { withAnswer, withNewEntry, withoutEntry } from './answers';
import type { SubmissionView } from './types';

const SAVE_DELAY_MS = 600;

export type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved'; at: string } | { status: 'failed'; error: unknown };

const localKey = (id: string) => `gongzhi.form-answers.${id}`;

function unsavedCopy(id: string): Answers | null {
  try {
    const kept = localStorage.getItem(localKey(id));
    return kept ? (JSON.parse(kept) as Answers) : null;
  } catch {
    return null;
  }
}

export function forgetUnsaved(id: string): void {
  localStorage.removeItem(localKey(id));
}

/** The server's clock, moved on by the time since the page was loaded: today() agrees with the server's. */
function serverClock(serverTime: string) {
  const offset = new Date(serverTime).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export function useFormSession(view: SubmissionView) {
  const compiled = useMemo(() => compileForm(view.spec), [view.spec]);
  const clock = useMemo(() => serverClock(view.serverTime), [view.serverTime]);
  const evaluate = useCallback((answers: unknown) => evaluateForm(compiled, answers, { clock, prefill: view.prefill }), [compiled, clock, view.prefill]);

  const [answers, setAnswers] = useState<Answers>(() => evaluate((view.canEdit && unsavedCopy(view.id)) || view.answers).answers);
  const state = useMemo(() => evaluate(answers), [evaluate, answers]);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const dirty = useRef(view.canEdit && unsavedCopy(view.id) !== null);
  const latest = useRef(answers);

  const change = useCallback(
    (next: Answers) => {
      // The engine's reading of the answers becomes the state: irrelevant answers cleared, calculations and defaults filled.
      const settled = evaluate(next).answers;
      latest.current = settled;
      dirty.current = true;
      localStorage.setItem(localKey(view.id), JSON.stringify(settled));
      setAnswers(settled);
    },
    [evaluate, view.id],
  );

  useEffect(() => {
    // Submitted elsewhere (another tab, another device): a copy kept here can no longer be saved.
    if (!view.canEdit) forgetUnsaved(view.id);
  }, [view.canEdit, view.id]);

  useEffect(() => {
    if (!view.canEdit || !dirty.current) return;
    const timer = setTimeout(() => {
      const sending = latest.current;
      setSave({ status: 'saving' });
      saveAnswers(view.id, sending).then(
        (saved) => {
          // Typing went on meanwhile: the local copy stays for the next save.
          if (latest.current === sending) {
            dirty.current = false;
            forgetUnsaved(view.id);
          }
          setSave({ status: 'saved', at: saved.savedAt });
        },
        (error: unknown) => setSave({ status: 'failed', error }),
      );
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [answers, view.canEdit, view.id]);

  return {
    answers,
    state,
    save,
    setAnswer: (path: string, value: AnswerValue | null) => change(withAnswer(latest.current, path, value)),
    addEntry: (path: string) => change(withNewEntry(latest.current, path)),
    removeEntry: (path: string) => change(withoutEntry(latest.current, path)),
  };
}
