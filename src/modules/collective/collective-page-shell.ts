import { html, SafeHtml } from '../../common/html';

const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#0b0c0c;background:#fff}
a{color:#1d4f91}a:visited{color:#4c2c92}
a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#ffbf47;padding:.5rem;z-index:2}
header.site{background:#005eb8;color:#fff;padding:.75rem 1rem}header.site a{color:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.2}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.1rem;border:2px solid #00703c;border-radius:4px;background:#00703c;color:#fff;cursor:pointer;text-decoration:none;min-height:44px}
button.secondary{background:#fff;color:#00703c}
button.warning{background:#fff;color:#b10e1e;border-color:#b10e1e}
label{font-weight:600}
input[type=email],input[type=text],textarea{font:inherit;width:100%;padding:.5rem;border:2px solid #0b0c0c;border-radius:0}
.hint{color:#505a5f}
.error-summary{border:4px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}
.error-message{color:#b10e1e;font-weight:600}
.notice{border-left:6px solid #005eb8;background:#eef4fb;padding:.75rem 1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #b1b4b6}
@media print{header.site,.no-print{display:none}body{font-size:10.5pt}main{max-width:none;padding:0}}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Extra CSS for this page (the report's charts, the questionnaire's layout). */
  css?: string;
  /** Shown in the header, e.g. who is signed in. */
  headerNote?: SafeHtml | string;
}

/** A plain page shell for the collective profile until it moves onto the site's nunjucks layout. */
export function renderPage({ title, body, css, headerNote }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} – Collective 360</title>
        <style>
          ${BASE_CSS}${css ?? ''}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header class="site">
          <strong>Collective 360</strong>${headerNote ? html` · ${headerNote}` : ''}
        </header>
        <main id="main" tabindex="-1">${body}</main>
      </body>
    </html>`.toString();
}
