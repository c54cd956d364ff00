/** A setting that is missing or wrong: the message names the variable and says what it must be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
