// Typed localStorage collections (notebooks, dashboards) — per browser until the server stores them.
export interface Stored {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: string;
}

export function collection<T extends Stored>(key: string) {
  const read = (): T[] => {
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? "[]");
      return Array.isArray(parsed) ? (parsed as T[]) : [];
    } catch {
      return [];
    }
  };
  const write = (items: readonly T[]) => window.localStorage.setItem(key, JSON.stringify(items));
  return {
    list: (): T[] => read().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    get: (id: string): T | undefined => read().find((item) => item.id === id),
    save: (item: T): void => write([item, ...read().filter((other) => other.id !== item.id)]),
    remove: (id: string): void => write(read().filter((item) => item.id !== id)),
  };
}

export const newId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
