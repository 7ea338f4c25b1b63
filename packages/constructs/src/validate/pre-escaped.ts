/** Compose-style `$$VAR` (Slipway escapes `$` itself, so `$$` would reach the shell as the PID). */
export const PRE_ESCAPED = /\$\$[A-Za-z_{]/;
