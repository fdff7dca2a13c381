/**
 * Form parts InterLab needs beyond components/forms.tsx: a text area (a project told in one's own words)
 * and a list to choose from (the language written in), each with its label, hint and error tied together
 * for screen readers, as forms.tsx does.
 */
import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { Icon } from "../components/Icon";

function describedBy(...ids: (string | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

interface Common {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** The word "optional" in the page's language, when the field may stay empty. */
  optional?: string | undefined;
}

function Parts({ id, label, hint, error, optional }: Common) {
  return (
    <>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> ({optional})</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          <Icon name="alert" />
          <span>{error}</span>
        </p>
      )}
    </>
  );
}

interface TextAreaProps extends Common, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "value" | "onChange"> {
  value: string;
  onValueChange: (value: string) => void;
}

export function TextArea({ id, label, hint, error, optional, value, onValueChange, ...area }: TextAreaProps) {
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <Parts id={id} label={label} hint={hint} error={error} optional={optional} />
      <textarea
        id={id}
        className="field__input interlab-textarea"
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        rows={5}
        {...area}
      />
    </div>
  );
}

interface SelectProps extends Common, Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "value" | "onChange"> {
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
}

export function Select({ id, label, hint, error, value, onValueChange, children, ...select }: SelectProps) {
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <Parts id={id} label={label} hint={hint} error={error} />
      <select
        id={id}
        className="field__input"
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}
