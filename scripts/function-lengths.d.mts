/** Types of function-lengths.mjs, for the unit test that holds product functions to a length. */
export interface FunctionLength {
  file: string;
  name: string;
  line: number;
  lines: number;
}
export const PRODUCT_DIRS: string[];
export function productFiles(root: string, dirs?: string[]): string[];
export function measureSource(file: string, text: string): FunctionLength[];
export function functionLengths(root: string, dirs?: string[]): FunctionLength[];
export function formatRow(f: FunctionLength): string;
export function filesUnder(root: string, dirs: string[], keep: (name: string) => boolean): string[];
