/**
 * The pages' one stylesheet. Colours meet WCAG 2.2 AA against their
 * backgrounds (body text #0b0c0c on white is 19.9:1, links #1d4f91 7.9:1,
 * secondary text #484949 9.2:1, white on the #00703c button 6.3:1), and every
 * focusable element gets a focus ring that is visible on any background.
 */
export const STYLES = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 100%; line-height: 1.5; color: #0b0c0c; background: #fff; }
body { margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 2rem; margin: 0.5rem 0 1rem; line-height: 1.2; }
h2 { font-size: 1.5rem; margin: 1.5rem 0 0.75rem; line-height: 1.25; }
h3 { font-size: 1.2rem; margin: 1.25rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1rem 0 0.5rem; }
h2:focus, h3:focus, h4:focus { outline: none; }
a { color: #1d4f91; text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { text-decoration-thickness: 3px; }

.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: #ffdd00; color: #0b0c0c; z-index: 10; }
.skip-link:focus { left: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.site-header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem 1.5rem; padding: 0.6rem 1.25rem; background: #0b0c0c; color: #fff; }
.site-header p { margin: 0; }
.service-name { font-weight: 700; font-size: 1.2rem; }
.site-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.site-nav a { color: #fff; }
.site-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.service-part { font-weight: 400; font-size: 1rem; margin-left: 0.5rem; }
.session { display: flex; align-items: center; gap: 1rem; }
.session[hidden] { display: none; }

:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
a:focus-visible { background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; outline: none; text-decoration: none; }

button { font: inherit; font-weight: 600; padding: 0.5rem 1rem; border: 2px solid transparent; border-radius: 0; background: #00703c; color: #fff; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
button:hover { background: #005a30; }
button:disabled { background: #5f6b64; box-shadow: none; cursor: not-allowed; }
.button-secondary { background: #f3f2f1; color: #0b0c0c; border-color: #505a5f; box-shadow: 0 2px 0 #505a5f; }
.button-secondary:hover { background: #dbdad9; }
button:focus-visible { background: #ffdd00; color: #0b0c0c; border-color: #ffdd00; outline: 3px solid transparent; box-shadow: inset 0 0 0 1px #ffdd00, 0 2px 0 #0b0c0c; }
.site-header button:focus-visible { box-shadow: 0 0 0 3px #fff; }

.field { margin: 0 0 1rem; }
label, legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { margin: 0 0 0.25rem; color: #484949; }
input, select, textarea { font: inherit; color: #0b0c0c; background: #fff; border: 2px solid #0b0c0c; border-radius: 0; padding: 0.35rem 0.5rem; max-width: 100%; }
input[type="text"], textarea { width: 32rem; }
input[type="number"] { width: 10rem; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
fieldset[hidden] { display: none; }
.choice { display: flex; align-items: center; gap: 0.5rem; margin: 0.25rem 0; }
.choice label { font-weight: 400; margin: 0; }
.choice input { width: 1.4rem; height: 1.4rem; margin: 0; accent-color: #0b0c0c; }

.notice { border-left: 6px solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; max-width: 48rem; }
.problem { border: 4px solid #d4351c; padding: 0.75rem 1rem; margin: 0 0 1.25rem; max-width: 48rem; }
.problem:empty { border: 0; padding: 0; margin: 0; }
.problem h2 { font-size: 1.2rem; margin: 0 0 0.5rem; }
.problem p, .problem ul { margin: 0.25rem 0; }
.problem-static { border: 4px solid #d4351c; padding: 0.75rem 1rem; }
.status-line { min-height: 1.5rem; margin: 0 0 1rem; font-weight: 600; }
.status-line:not(:empty) { border-left: 6px solid #00703c; padding: 0.25rem 0.75rem; background: #f3f2f1; }
.signed-out { border-left: 6px solid #1d70b8; padding: 0.25rem 1rem; }

.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0 1.25rem; padding: 1rem 1rem 0; background: #f3f2f1; margin-bottom: 1rem; }
.field-button, .field-check { align-self: flex-end; }
.field-check .choice { min-height: 2.5rem; }

table.tasks { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
table.tasks caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; }
table.tasks th, table.tasks td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; }
table.tasks thead th { border-bottom: 2px solid #0b0c0c; }
table.tasks th[aria-sort]::after { content: " \\2193"; }
table.tasks tbody th { font-weight: 600; }
.tag { display: inline-block; padding: 0 0.4rem; font-weight: 700; border: 2px solid currentColor; }
.tag-crisis { color: #942514; background: #fce4e1; }
.tag-standard { color: #0b0c0c; background: #f3f2f1; }
.pager { display: flex; align-items: center; gap: 1rem; }
.pager[hidden] { display: none; }

dl.summary { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; margin: 0 0 1rem; border-top: 1px solid #b1b4b6; }
dl.summary dt, dl.summary dd { margin: 0; padding: 0.4rem 0.75rem 0.4rem 0; border-bottom: 1px solid #b1b4b6; }
dl.summary dt { font-weight: 600; }
.case-state { font-size: 1.1rem; }
.actions { border-top: 4px solid #0b0c0c; margin-top: 2rem; }
.actions[hidden] { display: none; }
.button-row { display: flex; gap: 1rem; margin: 0 0 1.5rem; }
#comment-form { margin-bottom: 1.5rem; }
.proposal { border-left: 6px solid #1d70b8; padding: 0.25rem 1rem 1rem; margin: 0 0 1.5rem; background: #f3f2f1; }
.chair-only { border-left: 6px solid #505a5f; padding: 0.25rem 1rem 1rem; margin: 0 0 1.5rem; background: #f3f2f1; }
.urgent { border-left: 6px solid #942514; padding: 0.25rem 1rem 1rem; margin: 1.5rem 0 0; background: #fce4e1; }
.proposal[hidden], #decision-form[hidden], .chair-only[hidden], .urgent[hidden], button[hidden] { display: none; }
[aria-busy="true"] button { cursor: progress; }

@media (max-width: 40rem) {
  dl.summary { grid-template-columns: 1fr; }
  dl.summary dt { border-bottom: 0; padding-bottom: 0; }
  table.tasks { font-size: 0.9rem; }
}
@media (forced-colors: active) {
  .tag { border-color: CanvasText; }
  :focus-visible { outline: 3px solid Highlight; }
}

/* Auditor pages: pathway audit and subject access. */
.time-travel { padding: 1rem 1rem 0.25rem; background: #f3f2f1; margin-bottom: 1rem; max-width: 48rem; }
.time-travel input[type="range"] { width: 100%; accent-color: #0b0c0c; border: 0; padding: 0; }
.time-travel .button-secondary:disabled { background: #f3f2f1; color: #505a5f; border-color: #b1b4b6; box-shadow: none; }
.time-position { font-weight: 600; margin: 0 0 0.75rem; }
.time-travel .button-row { margin-bottom: 0.75rem; }
dl.summary { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
dl.summary ul { margin: 0; padding-left: 1.25rem; }
table.tasks tr[aria-current="true"] { background: #fff7bf; outline: 2px solid #0b0c0c; }
.verification p { margin: 0.75rem 0; padding: 0.5rem 0.75rem; font-weight: 600; }
.verification .verified { border-left: 6px solid #00703c; background: #f3f2f1; }
.verification .broken { border-left: 6px solid #d4351c; background: #f3f2f1; }
.raw-json pre { white-space: pre-wrap; word-break: break-word; background: #f3f2f1; padding: 0.75rem; max-height: 30rem; overflow: auto; }
.raw-json summary { cursor: pointer; color: #1d4f91; text-decoration: underline; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1.5rem; }
.chart { margin: 0; }
.chart-area { position: relative; height: 18rem; }
.chart figcaption { font-weight: 600; margin-top: 0.5rem; }
.figure { margin-bottom: 2rem; }
.figure-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.figure-table td[data-column] { font-variant-numeric: tabular-nums; }
`;
