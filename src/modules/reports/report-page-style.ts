import { PALETTE } from './report-palette';

/** The report page's own CSS: screen layout, then A4 print (each behaviour on its own page). */
export const REPORT_CSS = `
main{max-width:62rem}
.lead{font-size:1.125rem;color:${PALETTE.mutedText}}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:-1px!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
svg.dot-plot,svg.distribution{display:block;max-width:100%;height:auto}
svg.distribution{margin:.25rem 0}
.chart-small{display:none}
@media screen and (max-width:40em){.chart-large{display:none}.chart-small{display:block}}
.legend{list-style:none;padding:0}.legend li{margin:.25rem 0}
.legend-mark{vertical-align:middle}
.behaviour{border-top:4px solid ${PALETTE.others};margin-top:2rem;padding-top:.5rem}
.items{display:grid;grid-template-columns:repeat(auto-fit,minmax(19rem,1fr));gap:1rem 2rem}
.item h3{font-size:1rem;margin:.75rem 0 .25rem}
.dist-heading{margin:.5rem 0 0;font-weight:600;font-size:.9375rem}
ul.distribution{list-style:none;padding:0;margin:.25rem 0 0;font-size:.875rem;display:flex;flex-wrap:wrap;gap:0 .75rem}
.tag{display:inline-block;border:2px solid ${PALETTE.text};padding:0 .4rem;margin:.25rem 0;font-weight:600;font-size:.875rem}
.comment-list li{margin:.4rem 0;white-space:pre-line}
.counts{max-width:30rem}
@page{size:A4;margin:14mm 12mm}
@media print{
  main{max-width:none}
  .behaviour{break-before:page;border-top:none}
  .behaviour-figure,.item,.counts,.legend{break-inside:avoid}
  h2,h3,.dist-heading{break-after:avoid}
  .items{grid-template-columns:1fr 1fr;gap:3mm 6mm}
  .item h3{font-size:10pt}
  ul.distribution{font-size:8.5pt}
  .comments{break-before:page}
  .comment-list li{break-inside:avoid}
}
`;
