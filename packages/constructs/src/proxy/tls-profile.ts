/**
 * Mozilla's *intermediate* server-side TLS profile (guideline 6.0): TLS 1.2 and 1.3, ECDHE key
 * exchange with AEAD ciphers only, the client's cipher preference, no DH parameters.
 */
export const MOZILLA_INTERMEDIATE = {
  guideline: '6.0',
  protocols: ['TLSv1.2', 'TLSv1.3'],
  /** TLS 1.2 ciphers, OpenSSL names, in Mozilla's order. */
  ciphersOpenssl: [
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ],
  /** The same, IANA names (Go, Traefik). */
  ciphersIana: [
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  ],
  /**
   * Key-exchange groups. Mozilla 6.0 lists X25519MLKEM768 first; it needs OpenSSL 3.5, so it is
   * left out to keep the config loadable on older builds.
   */
  curves: ['X25519', 'prime256v1', 'secp384r1'],
  /** Go's names for the same curves. */
  curvesGo: ['X25519', 'CurveP256', 'CurveP384'],
  preferServerCiphers: false,
  sessionTimeout: '1d',
} as const;
