import { useState } from "react";
import { TextField } from "./forms";

interface PasswordFieldProps {
  id: string;
  label: string;
  showLabel: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  autoComplete: "current-password" | "new-password";
}

/** A password that can be shown: typing blind on a small phone keyboard is where people fail. */
export function PasswordField({ id, showLabel, ...field }: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  return (
    <TextField
      id={id}
      type={shown ? "text" : "password"}
      dir="ltr"
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      {...field}
      after={
        <label className="choice choice--inline">
          <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} />
          <span className="choice__text">{showLabel}</span>
        </label>
      }
    />
  );
}
