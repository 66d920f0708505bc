/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The account a page is rendered for; read by the MDX personalisation components. */
    tailorAccount?: import('./lib/site.ts').AccountSite;
    /** The piece file being rendered, so that component errors can name it. */
    tailorPieceFile?: string;
  }
}
