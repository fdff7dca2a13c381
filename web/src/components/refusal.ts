/**
 * What a form shows when it is refused: one sentence per field, maybe one for the whole page, and the
 * error summary that takes the focus, so that a failed submit is heard as well as seen (forms.tsx).
 */
import { useRef, useState } from "react";
import { explain, type Failure } from "../api/problems";
import type { Translate } from "../i18n/i18n";

export type FieldErrors<Field extends string = string> = Partial<Record<Field, string>>;

export function useRefusal<Field extends string = string>() {
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [message, setMessage] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const refuse = (fields: FieldErrors<Field>, text: string | null) => {
    setErrors(fields);
    setMessage(text);
    // after the render that shows the summary: it does not exist yet when nothing was wrong before
    requestAnimationFrame(() => summary.current?.focus());
  };
  /** The API's answer in plain words, next to the fields it names (problems.ts). */
  const refuseFailure = (failure: Failure, t: Translate) => {
    const explained = explain(failure, t);
    refuse(explained.fields as FieldErrors<Field>, explained.message); // the API names fields as the form does
  };
  const clear = () => {
    setErrors({});
    setMessage(null);
  };
  return { errors, message, summary, refuse, refuseFailure, clear };
}
