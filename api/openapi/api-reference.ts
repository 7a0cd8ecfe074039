/**
 * The OpenAPI document and its HTML reference page, built on first request rather than at start:
 * no decision needs them, and generating both from every route schema is start-up time.
 */
import type { AnyRouteDef } from '../http/route.js';
import { buildOpenApiDocument, type OpenApiOptions } from './openapi-document.js';
import { renderReferencePage } from './reference-page.js';

export interface ApiReference {
  document(): Record<string, unknown>;
  page(): string;
}

export function apiReference(routes: AnyRouteDef[], options: OpenApiOptions): ApiReference {
  let document: Record<string, unknown> | null = null;
  let page: string | null = null;
  const reference: ApiReference = {
    document: () => (document ??= buildOpenApiDocument(routes, options)),
    page: () => (page ??= renderReferencePage(reference.document())),
  };
  return reference;
}
