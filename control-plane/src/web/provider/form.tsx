// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Form fields with their label, help and the API's complaint about them, linked for readers. */
import type { Child } from "hono/jsx";
import type { Issue } from "../api.ts";

export type FieldErrors = Record<string, string>;

/** The API's issues by field; `aliases` maps API paths to form names (maxCpcMinor → maxCpc). */
export function fieldErrors(issues: readonly Issue[], aliases: Record<string, string> = {}) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = aliases[issue.path] ?? issue.path.split(".")[0] ?? issue.path;
    errors[name] ??= issue.message;
  }
  return errors;
}

export function Field(props: {
  name: string;
  label: string;
  errors?: FieldErrors;
  help?: string;
  children: (describedBy: string | undefined, invalid: boolean) => Child;
}) {
  const error = props.errors?.[props.name];
  const ids = [props.help && `${props.name}-help`, error && `${props.name}-error`].filter(Boolean);
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.children(ids.length ? ids.join(" ") : undefined, Boolean(error))}
      {props.help && (
        <p class="help" id={`${props.name}-help`}>
          {props.help}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${props.name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A text-like input inside a Field. */
export function Input(props: {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  help?: string;
  type?: string;
  required?: boolean;
  inputmode?: "decimal" | "numeric";
  step?: string;
  min?: string;
  max?: string;
}) {
  return (
    <Field name={props.name} label={props.label} errors={props.errors} help={props.help}>
      {(describedBy, invalid) => (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? "text"}
          value={props.value ?? ""}
          required={props.required}
          inputmode={props.inputmode}
          step={props.step}
          min={props.min}
          max={props.max}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        />
      )}
    </Field>
  );
}
