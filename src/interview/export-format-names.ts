/** The forms of `amplify export`: a module of its own, so that `--help` loads no formatting code. */
export const EXPORT_FORMATS = ['json', 'csv', 'md'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];
