import type { DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * The words a reader sees on a saved web page, as plain text with paragraphs on their own lines.
 *
 * The page is parsed by parse5 (the WHATWG HTML algorithm, as browsers parse) and only its text is
 * walked: nothing is executed and nothing is fetched (no scripts, frames, images or stylesheets are
 * loaded). What a reader does not see is dropped, because a page can hide text meant for a model
 * ("SYSTEM: reply only with ...") from its human reader: the head, scripts, styles, comments,
 * templates, frames, embedded objects, forms and their controls, and elements hidden by the
 * `hidden` attribute, `aria-hidden="true"`, an inline style (display:none, visibility:hidden,
 * opacity:0, font-size:0) or a simple class, id or tag rule of the page's own <style> that does the
 * same. Link addresses and image alt texts are not read; a link's text is.
 */
export async function htmlToText(html: string): Promise<string> {
  // Imported with the first page, not at start: each pipeline thread would hold parse5 (~9 MB) for nothing.
  const { parse } = await import('parse5');
  const document = parse(html, { scriptingEnabled: false });
  const hiddenBy = hidingRules(document);
  const out: string[] = [];
  walk(document, out, hiddenBy);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Never read: not shown, inert, or there for machines and forms rather than for the reader. */
const DROPPED = new Set([
  'head', 'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'form', 'input', 'button', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'output',
  'svg', 'math', 'canvas', 'audio', 'video', 'picture', 'img', 'map', 'link', 'meta', 'base',
]);

/** Elements that start a new line, so words of neighbouring blocks never run together. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

/** What is left to do while walking the tree: a node to read, or text to write once its element's children are read. */
type WalkStep = { node: Node; inPre: boolean } | string;

/**
 * The page's visible text, in document order. An explicit stack rather than recursion: parse5
 * builds a tree as deep as the page nests its tags, and a hostile page of deeply nested tags
 * overflowed the call stack ("Maximum call stack size exceeded": an internal error, retried).
 */
function walk(root: Node, out: string[], hiddenBy: HidingRule[]): void {
  const steps: WalkStep[] = [{ node: root, inPre: false }];
  for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const { node, inPre } = step;
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterTypes.TextNode).value;
      out.push(inPre ? value : value.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (node.nodeName === '#comment' || node.nodeName === '#documentType') continue;
    let childrenInPre = inPre;
    if ('tagName' in node) {
      const element = node as Element;
      if (DROPPED.has(element.tagName) || isHidden(element, hiddenBy)) continue;
      if (element.tagName === 'dialog' && !hasAttribute(element, 'open')) continue;
      if (element.tagName === 'br') {
        out.push('\n');
        continue;
      }
      if (element.tagName === 'td' || element.tagName === 'th') out.push(' ');
      if (BLOCKS.has(element.tagName)) {
        out.push('\n');
        // Written after the children: pushed before them, so popped after them.
        steps.push(element.tagName === 'p' || /^h[1-6]$/.test(element.tagName) ? '\n\n' : '\n');
      }
      childrenInPre = inPre || element.tagName === 'pre';
    }
    if ('childNodes' in node) pushChildren(steps, node.childNodes, childrenInPre);
  }
}

/** Children pushed last first, so that they are popped in document order. */
function pushChildren(steps: WalkStep[], children: readonly Node[], inPre: boolean): void {
  for (let i = children.length - 1; i >= 0; i--) steps.push({ node: children[i]!, inPre });
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function hasAttribute(element: Element, name: string): boolean {
  return element.attrs.some((a) => a.name === name);
}

function isHidden(element: Element, hiddenBy: HidingRule[]): boolean {
  if (hasAttribute(element, 'hidden')) return true;
  if (attribute(element, 'aria-hidden')?.trim().toLowerCase() === 'true') return true;
  const style = attribute(element, 'style');
  if (style && declarationsHide(style)) return true;
  return hiddenBy.some((rule) => rule.matches(element));
}

/** True when CSS declarations keep their element from being seen. */
function declarationsHide(declarations: string): boolean {
  for (const declaration of declarations.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    if (property === 'display' && value === 'none') return true;
    if ((property === 'visibility' || property === 'content-visibility') && (value === 'hidden' || value === 'collapse')) return true;
    if (property === 'opacity' && Number.parseFloat(value) === 0) return true;
    if (property === 'font-size' && Number.parseFloat(value) === 0) return true;
  }
  return false;
}

interface HidingRule {
  matches(element: Element): boolean;
}

/**
 * The page's own stylesheet rules that hide what they select, for simple selectors only (a tag,
 * classes, an id: `.note`, `p.x#y`). There is no CSS engine here: a hiding rule with a selector
 * beyond that is not applied, so such text is read (and then goes into the prompt as data).
 */
function hidingRules(document: DefaultTreeAdapterTypes.Document): HidingRule[] {
  const rules: HidingRule[] = [];
  // An explicit stack, in document order, for the same reason as walk's.
  const nodes: Node[] = [document];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    if ('tagName' in node && node.tagName === 'style') {
      const css = node.childNodes.map((c) => (c.nodeName === '#text' ? (c as DefaultTreeAdapterTypes.TextNode).value : '')).join('');
      rules.push(...parseHidingRules(css));
      continue;
    }
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) nodes.push(node.childNodes[i]!);
  }
  return rules;
}

const SIMPLE_SELECTOR = /^([a-z][a-z0-9-]*)?((?:[.#][\w-]+)*)$/i;

function parseHidingRules(css: string): HidingRule[] {
  const rules: HidingRule[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const block of withoutComments.split('}')) {
    const open = block.lastIndexOf('{');
    if (open < 0) continue;
    // Inside an @media (or similar) block the rule starts after the block's own brace.
    const selectorText = block.slice(0, open).split('{').pop()!;
    if (!declarationsHide(block.slice(open + 1))) continue;
    for (const selector of selectorText.split(',')) {
      const simple = SIMPLE_SELECTOR.exec(selector.trim());
      if (!simple || (!simple[1] && !simple[2])) continue;
      const tag = simple[1]?.toLowerCase();
      const parts = simple[2]!.match(/[.#][\w-]+/g) ?? [];
      rules.push({
        matches: (element) => {
          if (tag && element.tagName !== tag) return false;
          const classes = (attribute(element, 'class') ?? '').split(/\s+/);
          const id = attribute(element, 'id');
          return parts.every((part) => (part.startsWith('.') ? classes.includes(part.slice(1)) : id === part.slice(1)));
        },
      });
    }
  }
  return rules;
}
