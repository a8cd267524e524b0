import type { ButtonHTMLAttributes } from 'react';

export function Button({
  className = '',
  variant = 'default',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'default' | 'primary' | 'ghost' }) {
  const look =
    variant === 'primary'
      ? 'bg-sky-700 text-white hover:bg-sky-800 border-sky-700'
      : variant === 'ghost'
        ? 'border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800'
        : 'border-zinc-300 bg-white hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800';
  return (
    <button
      type="button"
      className={`inline-flex items-center gap-1 rounded border px-2.5 py-1 text-sm disabled:opacity-50 ${look} ${className}`}
      {...props}
    />
  );
}
