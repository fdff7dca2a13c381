/**
 * Form parts that keep each input with its label, its hint and its error, tied together for screen
 * readers (aria-describedby, aria-invalid). Errors are words, with an icon, never colour alone.
 */
import type { ChangeEvent, InputHTMLAttributes, MouseEvent, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { quantity, today } from "../i18n/format";
import { useT } from "../i18n/i18n";
import { Icon, type IconName } from "./Icon";

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

/** What every field says around its input: the question, maybe "optional", a hint, an error. */
interface Labelled {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** The word "optional" in the page's language, when the field may stay empty. */
  optional?: string | undefined;
}

/**
 * The box, label, hint and error of one field, around its input (`children`, which takes `id`). The
 * input gets `described` (for aria-describedby), so that a screen reader reads the hint and error too.
 */
function Field({ id, label, hint, error, optional, children }: Labelled & { children: (described: string | undefined) => ReactNode }) {
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
      {children(describedBy(hintId, errorId))}
    </div>
  );
}

/** What an input, a text area and a list share: the id its label points to, its value, its hint and error. */
function control(id: string, value: string, onValueChange: (value: string) => void, described: string | undefined, error: string | undefined) {
  return {
    id,
    value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onValueChange(event.target.value),
    "aria-describedby": described,
    "aria-invalid": error ? true : undefined,
  };
}

interface TextFieldProps extends Labelled, Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange"> {
  value: string;
  onValueChange: (value: string) => void;
  after?: ReactNode;
}

export function TextField({ id, label, hint, error, optional, value, onValueChange, after, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      {(described) => (
        <>
          <input
            className="field__input"
            {...control(id, value, onValueChange, described, error)}
            {...input}
          />
          {after}
        </>
      )}
    </Field>
  );
}

interface TextAreaProps extends Labelled, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "value" | "onChange"> {
  value: string;
  onValueChange: (value: string) => void;
}

/** A longer answer (a project, a reason), in several lines. */
export function TextArea({ id, label, hint, error, optional, value, onValueChange, ...area }: TextAreaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      {(described) => (
        <textarea
          className="field__input field__input--area"
          {...control(id, value, onValueChange, described, error)}
          rows={4}
          {...area}
        />
      )}
    </Field>
  );
}

interface SelectProps extends Labelled, Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "value" | "onChange"> {
  value: string;
  onValueChange: (value: string) => void;
  /** The <option>s. */
  children: ReactNode;
}

/** A drop-down list, for a long list (workshops, venues, languages) that radio buttons would stretch. */
export function Select({ id, label, hint, error, optional, value, onValueChange, children, ...select }: SelectProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      {(described) => (
        <select
          className="field__input"
          {...control(id, value, onValueChange, described, error)}
          {...select}
        >
          {children}
        </select>
      )}
    </Field>
  );
}

interface DayFieldProps extends Omit<TextFieldProps, "type" | "min" | "max" | "className"> {
  /** "past": a day that has happened (no later than today); "future": one to come (no earlier). */
  when: "past" | "future";
}

/** A day, with the phone's own date picker; a short box, since a date is short. */
export function DayField({ when, ...field }: DayFieldProps) {
  const bound = when === "past" ? { max: today() } : { min: today() };
  return <TextField {...field} type="date" {...bound} className="field__input field__input--short" />;
}

interface NumberFieldProps extends Omit<TextFieldProps, "type" | "inputMode" | "min" | "max" | "className"> {
  min: number;
  max: number;
}

/** A whole number (seats, a count, a share), with the phone's number keypad; a short box. */
export function NumberField({ min, max, ...field }: NumberFieldProps) {
  return <TextField {...field} type="number" inputMode="numeric" min={min} max={max} className="field__input field__input--short" />;
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
  message: string | null;
  items: readonly SummaryItem[];
}

/** The summary's lines for the fields in error, in the form's order: field -> [its input's id, its label]. */
export function summaryItems(errors: Partial<Record<string, string>>, fields: Record<string, readonly [string, string]>): SummaryItem[] {
  return Object.entries(fields).flatMap(([field, [target, label]]) => {
    const text = errors[field];
    return text ? [{ target, label, text }] : [];
  });
}

/**
 * What is wrong, at the top of the form, each line a link to its field. The page moves the focus here
 * after a failed submit, so that everyone, seeing or not, learns of it.
 */
export function ErrorSummary({ ref, message, items }: ErrorSummaryProps) {
  const { t } = useT();
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
        <span>{message ?? t("error.summary")}</span>
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

interface SubmitButtonProps {
  icon: IconName;
  label: string;
  /** True while the answer is awaited: the button stays focusable but says it is busy (aria-disabled). */
  busy: boolean;
  /** The words while busy ("Sending…"); without them the label stays, the form's own words carry on. */
  busyLabel?: string;
  className?: string;
}

/**
 * A form's send button. It is never `disabled` while busy, so the focus does not jump away and a
 * screen reader still finds it; the form's submit handler ignores a second press.
 */
export function SubmitButton({ icon, label, busy, busyLabel, className = "button button--primary" }: SubmitButtonProps) {
  return (
    <button type="submit" className={className} aria-disabled={busy || undefined}>
      <Icon name={icon} />
      <span>{busy && busyLabel !== undefined ? busyLabel : label}</span>
    </button>
  );
}

/** A checkbox list's answers after one box changed: the value in (once) or out. */
export function toggle<Value extends string>(list: readonly Value[], value: Value, on: boolean): Value[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

interface MinutesQuestionProps {
  id: string;
  name: string;
  legend: string;
  error?: string | undefined;
  /** The durations offered, in minutes: a tap, not a number to type. */
  options: readonly number[];
  value: string;
  onChange: (value: string) => void;
}

/** How long something lasted, as a few durations in words ("1 hour 30 minutes"), side by side. */
export function MinutesQuestion({ id, name, legend, error, options, value, onChange }: MinutesQuestionProps) {
  const { lang } = useT();
  return (
    <Choices
      id={id}
      name={name}
      legend={legend}
      error={error}
      columns
      choices={options.map((minutes) => ({ value: String(minutes), label: quantity(lang, minutes, "minute") }))}
      selected={[value]}
      onChange={onChange}
    />
  );
}
