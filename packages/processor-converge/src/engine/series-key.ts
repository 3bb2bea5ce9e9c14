import type { Attributes } from '@settle/core';

/**
 * Builds the same canonical keys as core's `seriesKey` (metric name, sorted attributes, sorted resource
 * attributes, JSON-quoted so separators cannot collide), but encodes the name and the resource once per
 * metric and batch rather than once per point: keys are built for every observation on the ingest path.
 */
export class SeriesKeyEncoder {
  private resource: Attributes | undefined;
  private resourcePart = '|{}';
  private name: string | undefined;
  private namePart = '';

  /** Sets the batch's resource; the encoding is reused while the same object is passed. */
  forResource(resource: Attributes): this {
    if (resource !== this.resource) {
      this.resource = resource;
      this.resourcePart = `|${encodeSorted(resource)}`;
    }
    return this;
  }

  forMetric(name: string): this {
    if (name !== this.name) {
      this.name = name;
      this.namePart = JSON.stringify(name);
    }
    return this;
  }

  key(attributes: Attributes): string {
    return this.namePart + this.attributesPart(attributes) + this.resourcePart;
  }

  // Points of one source share their attribute names, in the same order: the sorted order and the quoted
  // names are kept for the last shape seen, which is checked (without allocating) by walking the keys.
  private shape: string[] = [];
  private sortedIndex: number[] = [];
  private quotedNames: string[] = [];

  private attributesPart(attrs: Attributes): string {
    const shape = this.shape;
    let i = 0;
    for (const k in attrs) {
      if (shape[i] !== k) return this.newShape(attrs);
      i++;
    }
    if (i !== shape.length) return this.newShape(attrs);
    if (i === 0) return '{}';
    let out = '{';
    for (let j = 0; j < i; j++) out += this.quotedNames[j]! + JSON.stringify(attrs[shape[this.sortedIndex[j]!]!]) + ',';
    return `${out}}`;
  }

  private newShape(attrs: Attributes): string {
    this.shape = Object.keys(attrs);
    this.sortedIndex = this.shape.map((_, i) => i).sort((a, b) => compare(this.shape[a]!, this.shape[b]!));
    this.quotedNames = this.sortedIndex.map((i) => `${JSON.stringify(this.shape[i])}:`);
    return encodeSorted(attrs);
  }

  /** The resource's canonical encoding: lets equal resources from different batches share one object. */
  get resourceKey(): string {
    return this.resourcePart;
  }
}

/** The default sort order of Array.prototype.sort (UTF-16 code units), as core's seriesKey uses. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeSorted(attrs: Attributes): string {
  const keys = Object.keys(attrs);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const k of keys) out += `${JSON.stringify(k)}:${JSON.stringify(attrs[k])},`;
  return `${out}}`;
}
