import { IMMUTABLE_CACHE } from '@slipway/constructs';

/** Input of {@link renderSpaNginxConf}. */
export interface SpaNginxConfModel {
  /** Port nginx listens on (unprivileged: above 1024). */
  readonly port: number;
  /** Folder of the built files in the image. */
  readonly root: string;
  /** URL prefix of the hashed build assets, e.g. `/assets/`. */
  readonly assetsPrefix: string;
  /** Path answered with 200 for health checks. */
  readonly healthPath: string;
}

/**
 * The nginx server block of a single-page app. Pure. Hashed assets are cached for a year
 * (`immutable`: their name changes with their content); `index.html` is never cached, so a deploy
 * shows up at once; unknown paths fall back to `index.html` for client-side routing.
 */
export function renderSpaNginxConf(m: SpaNginxConfModel): string {
  return `server {
    listen ${m.port};
    listen [::]:${m.port};
    server_name _;
    root ${m.root};
    index index.html;
    server_tokens off;

    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;

    location = ${m.healthPath} {
        access_log off;
        default_type text/plain;
        return 200 "ok\\n";
    }

    location ${m.assetsPrefix} {
        # One Cache-Control header only: "expires" would add a second, conflicting max-age.
        add_header Cache-Control "${IMMUTABLE_CACHE}";
        try_files $uri =404;
    }

    location / {
        add_header Cache-Control "no-cache";
        try_files $uri $uri/ /index.html;
    }
}
`;
}
