// The plain shape of a framework (its scale, dimensions and questions), as stored and as read by
// the questionnaire and the reports. No Nest or TypeORM here.

export interface ScaleShape {
  min: number;
  max: number;
  /** One label per scale point, from min to max. */
  labels: string[];
}

export interface FrameworkShape {
  scale: ScaleShape;
  dimensions: { key: string; title: string; items: { key: string; text: string }[] }[];
  questions: { key: string; text: string }[];
}
