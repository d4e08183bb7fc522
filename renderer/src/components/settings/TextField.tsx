/** A labelled text input in the settings forms: the label names the input (by id), and a change hands back the text. */
import type { InputHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

interface Props extends InputProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}

export function TextField({ id, label, value, onChange, ...input }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} {...input} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
