/**
 * A labelled text input in the settings forms: the label names the input (by
 * id), a change hands back the text, and anything given as children (a hint, a
 * warning) follows the input inside the field.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

interface Props extends InputProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Take the row's spare width (a server's URLs). */
  grow?: boolean;
  children?: ReactNode;
}

export function TextField({ id, label, value, onChange, grow = false, children, ...input }: Props) {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} {...input} onChange={(e) => onChange(e.target.value)} />
      {children}
    </div>
  );
}
