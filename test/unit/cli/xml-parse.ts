/**
 * A strict, small XML parser for tests of the XML and HTML reports: it throws on anything that is not well-formed
 * (unbalanced or crossed tags, an unquoted or duplicate attribute, a bare `<` or `&`, an unknown entity, characters
 * XML 1.0 forbids) and returns the element tree with entities decoded, so a test can compare the text a reader sees
 * with the text that went in. Handles what the reports use: a prolog, a doctype, elements, attributes, text, comments.
 */

/** An element. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, at: number): string {
  if (FORBIDDEN.test(raw)) throw new Error(`character not allowed in XML near offset ${at}`);
  if (raw.includes('<')) throw new Error(`bare "<" near offset ${at}`);
  return raw.replace(/&([^;]*);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`bare "&" near offset ${at}`);
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    if (!(ent in ENTITIES)) throw new Error(`unknown entity &${ent}; near offset ${at}`);
    return ENTITIES[ent];
  });
}

/** Parses a document; `html` allows a leading `<!DOCTYPE html>` instead of an XML declaration. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
      else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
      else if (text.startsWith('<!DOCTYPE', i)) i = text.indexOf('>', i) + 1;
      else return;
      if (i < 2) throw new Error('unterminated declaration');
    }
  };
  const element = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`expected "<" at offset ${i}`);
    i++;
    const name = NAME.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`bad element name at offset ${i}`);
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i))![0].length;
      i += ws;
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [] };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (ws === 0) throw new Error(`expected whitespace before an attribute at offset ${i}`);
      const attr = NAME.exec(text.slice(i))?.[0];
      if (!attr) throw new Error(`bad attribute at offset ${i}`);
      i += attr.length;
      if (text[i] !== '=' || (text[i + 1] !== '"' && text[i + 1] !== "'"))
        throw new Error(`attribute ${attr} is not name="value" at offset ${i}`);
      const q = text[i + 1];
      const end = text.indexOf(q, i + 2);
      if (end < 0) throw new Error(`unterminated attribute ${attr}`);
      if (attr in attributes) throw new Error(`duplicate attribute ${attr}`);
      attributes[attr] = decode(text.slice(i + 2, end), i);
      i = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (i >= text.length) throw new Error(`<${name}> is never closed`);
      if (text.startsWith('</', i)) {
        i += 2;
        const close = NAME.exec(text.slice(i))?.[0];
        if (close !== name) throw new Error(`</${close}> closes <${name}> at offset ${i}`);
        i += close.length;
        while (/\s/.test(text[i])) i++;
        if (text[i] !== '>') throw new Error(`bad closing tag at offset ${i}`);
        i++;
        return { name, attributes, children };
      }
      if (text.startsWith('<!--', i)) {
        i = text.indexOf('-->', i) + 3;
        continue;
      }
      if (text[i] === '<') {
        children.push(element());
        continue;
      }
      const next = text.indexOf('<', i);
      const end = next < 0 ? text.length : next;
      children.push(decode(text.slice(i, end), i));
      i = end;
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i < text.length) throw new Error(`content after the root element at offset ${i}`);
  return root;
}

/** Every element named `name` under `e` (depth first, `e` included). */
export function findAll(e: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = e.name === name ? [e] : [];
  for (const c of e.children) if (typeof c !== 'string') out.push(...findAll(c, name));
  return out;
}

/** The text content of an element. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
