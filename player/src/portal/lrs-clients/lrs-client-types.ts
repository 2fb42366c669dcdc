/** What `GET /api/lrs/clients` lists (no secrets), and what the suggestions are made of. */
export interface LrsClientView {
  key: string;
  name: string;
  scopes: string[];
  active: boolean;
  createdAt: string;
  internal: boolean;
  /** Activity addresses whose completions from this client count toward requirements. */
  certifies: string[];
}

/** An external activity requirement HR already has (an assignment rule's target). */
export interface ActivitySuggestion {
  id: string;
  title: string;
}
