/**
 * Form parts that keep each input with its label, its hint and its error, tied together for screen
 * readers (aria-describedby, aria-invalid). Errors are words, with an icon, never colour alone.
 */
import type { InputHTMLAttributes, MouseEvent, ReactNode, Ref } from "react";
import { Icon } from "./Icon";

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(" ");
  return joined || undefined;
}

function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="field__error">
      <Icon name="alert" />
      <span>{text}</span>
    </p>
  );
}

function Optional({ word }: { word: string | undefined }) {
  return word ? <span className="field__optional"> ({word})</span> : null;
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange"> {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** The word "optional" in the page's language, when the field may stay empty. */
  optional?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  after?: ReactNode;
}

export function TextField({ id, label, hint, error, optional, value, onValueChange, after, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label className="field__label" htmlFor={id}>
        {label}
        <Optional word={optional} />
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && errorId && <FieldError id={errorId} text={error} />}
      <input
        id={id}
        className="field__input"
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {after}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  /** An emoji or an <Icon>, shown before the word. */
  icon?: ReactNode;
  /** The label's own language, when it is not the page's (languages named in themselves). */
  lang?: string;
  detail?: string;
}

interface ChoicesProps {
  /** The first input takes this id (the error summary's links point to it). */
  id: string;
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: string | undefined;
  multiple?: boolean;
  choices: readonly Choice[];
  selected: readonly string[];
  onChange: (value: string, checked: boolean) => void;
  columns?: boolean;
}

/** A group of radio buttons (one answer) or of checkboxes (several), as big tappable rows. */
export function Choices({ id, name, legend, hint, error, optional, multiple, choices, selected, onChange, columns }: ChoicesProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={error ? "field field--invalid" : "field"} aria-describedby={describedBy(hintId, errorId)}>
      <legend className="field__label">
        {legend}
        <Optional word={optional} />
      </legend>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && errorId && <FieldError id={errorId} text={error} />}
      <div className={columns ? "choices choices--columns" : "choices"}>
        {choices.map((choice, index) => (
          <label key={choice.value} className="choice">
            <input
              id={index === 0 ? id : undefined}
              type={multiple ? "checkbox" : "radio"}
              name={name}
              value={choice.value}
              checked={selected.includes(choice.value)}
              onChange={(event) => onChange(choice.value, event.target.checked)}
              aria-invalid={error ? true : undefined}
            />
            {choice.icon && (
              <span className="choice__icon" aria-hidden="true">
                {choice.icon}
              </span>
            )}
            <span className="choice__text">
              <span lang={choice.lang} dir={choice.lang ? "auto" : undefined}>
                {choice.label}
              </span>
              {choice.detail && <span className="choice__detail">{choice.detail}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface SummaryItem {
  /** The id of the input to go to, or null for an error that no input shows. */
  target: string | null;
  /** The question it is about (its label), so that the line makes sense alone. */
  label?: string;
  text: string;
}

interface ErrorSummaryProps {
  ref: Ref<HTMLDivElement>;
  title: string;
  message: string | null;
  items: readonly SummaryItem[];
}

/**
 * What is wrong, at the top of the form, each line a link to its field. The page moves the focus here
 * after a failed submit, so that everyone, seeing or not, learns of it.
 */
export function ErrorSummary({ ref, title, message, items }: ErrorSummaryProps) {
  if (!message && items.length === 0) return null;
  const go = (target: string) => (event: MouseEvent) => {
    event.preventDefault(); // an in-page link would change the hash, which is the app's route
    const element = document.getElementById(target);
    element?.focus();
    element?.scrollIntoView({ block: "center" });
  };
  return (
    <div ref={ref} className="alert alert--error" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="alert__title">
        <Icon name="alert" />
        <span>{message ?? title}</span>
      </h2>
      {items.length > 0 && (
        <ul className="alert__list">
          {items.map((item) => (
            <li key={`${item.target}-${item.text}`}>
              {item.target ? (
                <a href={`#${item.target}`} onClick={go(item.target)}>
                  {item.label && <span className="alert__field">{item.label}</span>}
                  {item.text}
                </a>
              ) : (
                item.text
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A short message that a screen reader reads out when it appears ("Saved", "Your request is registered"). */
export function Notice({ children, tone = "success" }: { children: ReactNode; tone?: "success" | "error" }) {
  return (
    <div className={`alert alert--row alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      <Icon name={tone === "error" ? "alert" : "check"} />
      <p>{children}</p>
    </div>
  );
}
