//! The scripts the harness runs in the page: finding what a person names (a label, a
//! button's or a link's text), the form's validity, and the page's state for the
//! checks. Run through WebDriver's "execute script"; arguments in `arguments`.

/// `arguments = [kind, name, scope]`, kind `control` | `button` | `link`. Answers
/// `{element}` when exactly one visible match, else `{error}` saying what the page
/// has. A control is found by its label's text (without the required-field star),
/// else by its `name`, `aria-label` or placeholder.
pub fn find() -> String {
    [
        "const [kind, name, scope] = arguments;",
        SCOPE,
        FIND_IN_SCOPE,
    ]
    .concat()
}

/// `arguments = [text, scope]`: `{cells}`, the texts of the cells of the one table row
/// (in the scope) that contains `text`, or `{error}`.
pub fn row() -> String {
    ["const [text, scope] = arguments;", SCOPE, ROW_IN_SCOPE].concat()
}

/// `arguments = [scope]`: `{rows}`, the cells' texts of every body row of the first
/// table in the scope, or `{error}`.
pub fn table() -> String {
    ["const [scope] = arguments;", SCOPE, TABLE_IN_SCOPE].concat()
}

/// Finds `root`, the part of the page `scope` names (a part labelled so, such as the
/// `Main navigation`; a heading's section, fieldset, form or table; else the one row
/// or list item that contains it), or the whole document without a scope. Returns `{error}` when the scope matches no part or
/// several.
const SCOPE: &str = r#"
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
let root = document;
if (scope) {
  let found = [...document.querySelectorAll('[aria-label]')]
    .filter(e => !e.matches('input,select,textarea,button,a') && norm(e.getAttribute('aria-label')) === scope);
  for (const h of document.querySelectorAll('h1,h2,h3,h4,legend,caption,summary')) {
    if (norm(h.textContent) === scope) {
      found.push(h.closest('section,fieldset,form,table,details,article') || h.parentElement);
    }
  }
  if (!found.length) {
    found = [...document.querySelectorAll('tr,li')].filter(r => norm(r.innerText).includes(scope));
    found = found.filter(f => !found.some(o => o !== f && f.contains(o)));
  }
  if (found.length !== 1) {
    return {error: found.length
      ? `${found.length} parts of the page match the scope "${scope}"`
      : `no heading, row or item on the page matches the scope "${scope}"`};
  }
  root = found[0];
}
"#;

/// The search of [`find`] in `root`.
const FIND_IN_SCOPE: &str = r#"
const labelText = l => norm([...l.childNodes]
  .filter(n => !(n.nodeType === 1 && n.matches('input,select,textarea,.req')))
  .map(n => n.textContent).join(' '));
let hits = [];
let seen = [];
if (kind === 'control') {
  for (const l of root.querySelectorAll('label')) {
    seen.push(labelText(l));
    if (labelText(l) === name && l.control) hits.push(l.control);
  }
  if (!hits.length) {
    for (const e of root.querySelectorAll('input,select,textarea')) {
      if (e.type !== 'hidden' && [e.name, e.getAttribute('aria-label'), e.placeholder].includes(name)) hits.push(e);
    }
  }
} else if (kind === 'button') {
  for (const b of root.querySelectorAll('button,input[type=submit],input[type=button]')) {
    const text = norm(b.tagName === 'INPUT' ? b.value : b.innerText);
    seen.push(text);
    if (text === name && visible(b)) hits.push(b);
  }
} else {
  for (const a of root.querySelectorAll('a[href]')) {
    const text = norm(a.innerText);
    seen.push(text);
    if (text === name && visible(a)) hits.push(a);
  }
}
hits = [...new Set(hits)];
const where = scope ? ` in "${scope}"` : '';
if (hits.length === 1) return {element: hits[0]};
if (!hits.length) {
  return {error: `no ${kind} "${name}"${where}; there are: ${JSON.stringify([...new Set(seen)].slice(0, 40))}`};
}
return {error: `${hits.length} ${kind}s "${name}"${where}: narrow it with within(..)`};
"#;

/// The search of [`row`] in `root`.
const ROW_IN_SCOPE: &str = r#"
const rows = (root.matches && root.matches('tr') ? [root] : [...root.querySelectorAll('tr')])
  .filter(r => norm(r.innerText).includes(text));
if (rows.length !== 1) {
  return {error: `${rows.length} table rows contain "${text}"${scope ? ` in "${scope}"` : ''}`};
}
return {cells: [...rows[0].cells].map(c => norm(c.innerText))};
"#;

/// The search of [`table`] in `root`.
const TABLE_IN_SCOPE: &str = r#"
const table = root.matches && root.matches('table') ? root : root.querySelector('table');
if (!table) return {error: `no table${scope ? ` in "${scope}"` : ''}`};
return {rows: [...table.tBodies].flatMap(b => [...b.rows]).map(r => [...r.cells].map(c => norm(c.innerText)))};
"#;

/// `arguments = [button]`: why the browser would not send the button's form (its
/// invalid fields, each with the browser's message); empty when it would.
pub const VALIDITY: &str = r#"
const form = arguments[0].form;
if (!form || form.noValidate || arguments[0].formNoValidate) return [];
return [...form.elements]
  .filter(e => e.willValidate && !e.checkValidity())
  .map(e => `${(e.labels && e.labels[0] ? e.labels[0].innerText : e.name).trim()}: ${e.validationMessage}`);
"#;

/// `arguments = [missing_marker]`: `{errorPage: {status, text} | null, missing: [..]}`.
/// The error page is the one `templates/pages/error.html` renders (`data-http-error`);
/// a missing translation is the marker anywhere in the markup (text or attributes).
pub const PAGE_STATE: &str = r#"
const marker = arguments[0];
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const error = document.querySelector('[data-http-error]');
const html = document.documentElement.outerHTML;
const missing = [];
let at = html.indexOf(marker);
while (at >= 0 && missing.length < 20) {
  const end = html.indexOf(']', at);
  missing.push(html.slice(at + marker.length, end < 0 ? at + 80 : end));
  at = html.indexOf(marker, at + 1);
}
return {
  errorPage: error ? {status: error.getAttribute('data-http-error'), text: norm(error.innerText)} : null,
  missing,
};
"#;
