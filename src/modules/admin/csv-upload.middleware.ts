import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { CSV_LIMIT_MB } from '../organisations/csv-body.middleware';

const UPLOAD = Symbol('csv-upload');

/** The file of the import form, or why there is none to import (for the field's error). */
export type UploadedCsv = { bytes: Buffer; fileName: string } | { problem: string };

type WithUpload = Request & { [UPLOAD]?: UploadedCsv; file?: Express.Multer.File };

/**
 * Reads the import page's multipart form (field `file`, at most 10 MB, kept in memory) before
 * the guard runs, so that the guard finds the form's `_csrf` field in the body: the form puts it
 * before the file. A file over the limit is not an error page but a message beside the field;
 * the rest of the upload is read and dropped. Other requests pass through untouched.
 */
@Injectable()
export class CsvUploadMiddleware implements NestMiddleware {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: CSV_LIMIT_MB * 1024 * 1024, files: 1, fields: 10, parts: 11 },
  }).single('file');

  use(req: Request, res: Response, next: NextFunction): void {
    this.upload(req, res, (error?: unknown) => {
      if (error) (req as WithUpload)[UPLOAD] = { problem: problemOf(error) };
      next();
    });
  }
}

/** What the import form sent, as CsvUploadMiddleware left it. */
export function uploadedCsvOf(req: Request): UploadedCsv {
  const r = req as WithUpload;
  if (r[UPLOAD]) return r[UPLOAD];
  const file = r.file;
  if (!file) return { problem: 'Select a CSV file to import' };
  const fileName = file.originalname.slice(0, 200) || 'The file';
  if (file.size === 0)
    return { problem: `${fileName} is empty: select the CSV file of your people` };
  return { bytes: file.buffer, fileName };
}

function problemOf(error: unknown): string {
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return `The file is larger than ${CSV_LIMIT_MB} MB: split it into several files and import each`;
    }
    if (error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT') {
      return 'Select one CSV file to import';
    }
  }
  return 'The file could not be read: select it and import it again';
}
