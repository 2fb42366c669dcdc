/** Test helper: an in-memory "zip" of name -> text. */
export function memZip(files: Record<string, string>): { entries: string[]; readText: (name: string) => Promise<string> } {
  return {
    entries: Object.keys(files),
    readText: async (name) => {
      const t = files[name];
      if (t === undefined) throw new Error(`no entry ${name}`);
      return t;
    },
  };
}
