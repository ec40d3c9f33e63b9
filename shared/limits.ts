/** Limits in one place (STYLE.md): shared by request validation, the web forms and the server. */
export const LIMITS = {
  titleMax: 200,
  contentMax: 10_000,
  nameMax: 50,
  phoneMax: 30,
  idNumberMax: 18,
  addressMax: 300,
  textMax: 5_000,
  reasonMax: 2_000,
  channelRefMax: 200,
  pageSizeMax: 200,
  pageSizeDefault: 20,
  /** Bytes of a JSON request body. */
  bodyLimitBytes: 1_048_576,
  usernameMax: 64,
  passwordMax: 128,
} as const;
