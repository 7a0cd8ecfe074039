/**
 * Small integer codes for the strings that repeat across records (policy ids, customer ids,
 * statuses): an index column stores the code, the string is kept once.
 */
export const NO_CODE = -1;

export class StringCodes {
  private readonly codes = new Map<string, number>();
  private readonly strings: string[] = [];

  /** The code of `value`, assigning one if new; NO_CODE for null. */
  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return NO_CODE;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.strings.push(value) - 1;
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of `value` if it has one (a filter on an unseen value matches nothing). */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }

  string(code: number): string | null {
    return code === NO_CODE ? null : this.strings[code]!;
  }

  toJSON(): string[] {
    return this.strings;
  }

  static fromJSON(strings: string[]): StringCodes {
    const codes = new StringCodes();
    for (const s of strings) codes.code(s);
    return codes;
  }
}
