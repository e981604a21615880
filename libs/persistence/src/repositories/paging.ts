/** Limit/offset page request; the API caps `limit`. */
export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
}
