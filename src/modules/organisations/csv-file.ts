import { isUtf8 } from 'node:buffer';
import type { ImportError } from './people-csv';

// An uploaded CSV file as bytes: its encoding, its separator and its line numbers, before any of
// its rows are read (people-csv.ts reads the rows).

/**
 * Line numbers as a person sees them in an editor: a line ends at LF, CRLF or a lone CR, including
 * inside quoted values. Offsets must be asked in increasing order.
 */
export function lineCounter(bytes: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < bytes.length; at++) {
      const c = bytes[at];
      if (c === 0x0a || (c === 0x0d && bytes[at + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITER_NAME: Record<Delimiter, string> = {
  ',': 'a comma',
  ';': 'a semicolon',
  '\t': 'a tab',
};

/**
 * The separator the header uses: a comma, or, when the header has none, a semicolon (Excel's
 * CSV where the decimal mark is a comma) or a tab (Excel's "Unicode Text").
 */
export function guessDelimiter(bytes: Buffer): Delimiter {
  let end = bytes.indexOf(0x0a);
  if (end === -1) end = bytes.length;
  const header = bytes.subarray(0, end).toString('utf8');
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

/**
 * The text of an uploaded file: UTF-8 with or without a byte-order mark, or UTF-16 with one
 * (Excel's "Unicode Text"). Anything else is an error that says how to save the file instead,
 * pointing at the first line that is not UTF-8.
 */
export function decodeCsvFile(bytes: Buffer): { text: string } | { error: ImportError } {
  const saveAs =
    'in Excel choose Save As and the type "CSV UTF-8 (Comma delimited)", then import that file';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return {
      error: { line: 1, message: `this is an Excel workbook (.xlsx), not a CSV file: ${saveAs}` },
    };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return {
      error: {
        line: 1,
        message: `this is an Excel 97-2003 workbook (.xls), not a CSV file: ${saveAs}`,
      },
    };
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
  else if (startsWith(bytes, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  else if (startsWith(bytes, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };

  if (!isUtf8(bytes)) {
    const bad = linesNotUtf8(bytes);
    const first = bad[0] ?? 1;
    const others =
      bad.length > 1 ? ` (and ${bad.length - 1} other line${bad.length > 2 ? 's' : ''})` : '';
    return {
      error: {
        line: first,
        message: `the file is not UTF-8 text: this line${others} has characters in another encoding, such as Windows-1252; ${saveAs}`,
      },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // A workbook has one on its first line; a text file cut or joined wrongly, where it is.
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i >= 0 && i < nul; i = bytes.indexOf(0x0a, i + 1)) line++;
    return {
      error: {
        line,
        message: `the file holds binary data (a NUL character, which cannot be stored), not CSV text: ${saveAs}`,
      },
    };
  }
  return { text: bytes.toString('utf8') };
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The line numbers (LF-separated) whose bytes are not valid UTF-8. */
function linesNotUtf8(bytes: Buffer): number[] {
  const bad: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    if (!isUtf8(bytes.subarray(start, end))) bad.push(line);
    start = end + 1;
  }
  return bad;
}
