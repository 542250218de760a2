// A labelled form field as the updates forms draw it: <p class="field"> with the label, the input
// the caller passes, an optional hint and an optional error message. The caller keeps the input
// (its type, handlers and aria-describedby, which must name the hint and error ids given here);
// this component must never add wrappers or attributes, so the DOM stays what tests and CSS expect.
import type { ReactNode } from 'react';

/** A text shown under the input, referenced from its aria-describedby by `id`. */
export type FieldNote = { id: string; text: ReactNode };

export type FieldProps = {
  /** The id of the input, for the label's htmlFor. */
  inputId: string;
  label: ReactNode;
  hint?: FieldNote | undefined;
  /** Shown only when given: a field without a problem has no error element. */
  error?: FieldNote | undefined;
  /** The input itself. */
  children: ReactNode;
};

/** Label, input, hint and error of one form field. */
export function Field({ inputId, label, hint, error, children }: FieldProps) {
  return (
    <p className="field">
      <label htmlFor={inputId}>{label}</label>
      {children}
      {hint ? (
        <span id={hint.id} className="hint">
          {hint.text}
        </span>
      ) : null}
      {error ? (
        <span id={error.id} className="field-error">
          {error.text}
        </span>
      ) : null}
    </p>
  );
}
