/** A labelled select for one kind of media device. */
import type { DeviceOption } from '../store/media-slice';

export function DevicePicker(props: {
  label: string;
  devices: DeviceOption[];
  value: string;
  onChange(id: string): void;
}) {
  const id = `device-${props.label.toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.devices.length === 0}
      >
        {props.devices.length === 0 && <option value="">None found</option>}
        {props.devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}
