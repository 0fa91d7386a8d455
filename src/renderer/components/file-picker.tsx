import { useRef } from 'react';

/** A button that opens the file chooser and hands over the one file picked (the same file may be picked again). */
export function FilePicker(props: {
  label: string;
  accept: string;
  disabled: boolean;
  testId: string;
  className?: string;
  onFile: (f: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={props.className}
        disabled={props.disabled}
        onClick={() => input.current?.click()}
        data-testid={`${props.testId}-button`}
      >
        {props.label}
      </button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        hidden
        data-testid={props.testId}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) props.onFile(f);
        }}
      />
    </>
  );
}
