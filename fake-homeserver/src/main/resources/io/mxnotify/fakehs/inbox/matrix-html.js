/*
 * Renders a Matrix message's formatted_body the way a careful Matrix client does: only the HTML
 * subset that the client-server spec allows ("m.room.message msgtypes", HTML subset), built as new
 * DOM nodes from an allow-list. The untrusted string is parsed by DOMParser into an inert document
 * (no script runs there, no image loads), then walked; nothing untrusted ever goes through innerHTML.
 */
'use strict';

const MatrixHtml = (() => {
  // Tags the spec permits (font and strike are deprecated there but still permitted).
  const ALLOWED_TAGS = new Set([
    'font', 'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'a', 'ul', 'ol', 'sup',
    'sub', 'li', 'b', 'i', 'u', 'strong', 'em', 's', 'strike', 'code', 'hr', 'br', 'div', 'table',
    'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'pre', 'span', 'img', 'details', 'summary',
  ]);

  // Elements dropped together with everything inside them; any other unknown tag is unwrapped
  // (its text is kept, the tag is not). mx-reply is the rich-reply fallback clients strip.
  const DROPPED_WITH_CONTENT = new Set([
    'mx-reply', 'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object',
    'embed', 'applet', 'head', 'title', 'meta', 'link', 'base', 'svg', 'math', 'textarea', 'select',
    'option', 'button', 'input', 'form', 'audio', 'video', 'canvas', 'xmp', 'plaintext', 'noembed',
  ]);

  const LINK_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'mailto:', 'magnet:']);
  const COLOUR = /^#[0-9a-fA-F]{6}$/;
  const MAX_DEPTH = 100; // the spec lets clients limit nesting to 100

  /** Returns a DocumentFragment with the safe rendering of an untrusted formatted_body. */
  function render(formattedBody) {
    const parsed = new DOMParser().parseFromString(String(formattedBody), 'text/html');
    const fragment = document.createDocumentFragment();
    copyChildren(parsed.body, fragment, 0);
    return fragment;
  }

  function copyChildren(from, to, depth) {
    for (const child of Array.from(from.childNodes)) {
      copyNode(child, to, depth);
    }
  }

  function copyNode(node, to, depth) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.nodeValue));
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return; // comments, processing instructions, CDATA
    }
    const tag = node.localName;
    if (DROPPED_WITH_CONTENT.has(tag) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      return;
    }
    if (depth >= MAX_DEPTH) {
      to.appendChild(document.createTextNode(node.textContent));
      return;
    }
    if (!ALLOWED_TAGS.has(tag)) {
      copyChildren(node, to, depth + 1);
      return;
    }
    if (tag === 'img') {
      to.appendChild(imagePlaceholder(node));
      return;
    }
    const copy = document.createElement(tag);
    copyAttributes(node, copy);
    to.appendChild(copy);
    copyChildren(node, copy, depth + 1);
  }

  function copyAttributes(source, target) {
    switch (source.localName) {
      case 'a': {
        const href = safeHref(source.getAttribute('href'));
        if (href !== null) {
          target.setAttribute('href', href);
          target.setAttribute('target', '_blank');
          target.setAttribute('rel', 'noopener noreferrer nofollow');
        }
        if (source.hasAttribute('name')) {
          target.setAttribute('name', source.getAttribute('name'));
        }
        break;
      }
      case 'ol': {
        const start = source.getAttribute('start');
        if (start !== null && /^-?\d{1,9}$/.test(start)) {
          target.setAttribute('start', start);
        }
        break;
      }
      case 'code': {
        const languages = (source.getAttribute('class') || '').split(/\s+/)
          .filter((name) => /^language-[A-Za-z0-9_+#.-]{1,40}$/.test(name));
        if (languages.length > 0) {
          target.className = languages.join(' ');
        }
        break;
      }
      case 'font':
      case 'span':
        applyColours(source, target);
        if (source.localName === 'span' && source.hasAttribute('data-mx-spoiler')) {
          target.classList.add('spoiler');
          target.tabIndex = 0;
          const reason = source.getAttribute('data-mx-spoiler');
          target.title = reason ? 'Spoiler: ' + reason + ' (click to reveal)' : 'Spoiler (click to reveal)';
          target.addEventListener('click', () => target.classList.add('revealed'));
          target.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') { target.classList.add('revealed'); }
          });
        }
        break;
      default:
        break;
    }
  }

  function applyColours(source, target) {
    const colour = source.getAttribute('data-mx-color')
      || (source.localName === 'font' ? source.getAttribute('color') : null);
    if (colour && COLOUR.test(colour)) {
      target.style.color = colour; // CSSOM, not a style attribute: allowed by the page's CSP
    }
    const background = source.getAttribute('data-mx-bg-color');
    if (background && COLOUR.test(background)) {
      target.style.backgroundColor = background;
    }
  }

  /** Returns the href if its scheme is one the spec allows, else null. */
  function safeHref(raw) {
    if (raw === null) {
      return null;
    }
    const href = raw.trim();
    let url;
    try {
      url = new URL(href); // relative references have no scheme of their own: refused
    } catch (e) {
      return null;
    }
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  }

  // Images in Matrix point at mxc:// media, which a fake home server has no repository for; and
  // fetching anything else would leak to the internet. Show what the image is instead.
  function imagePlaceholder(source) {
    const label = source.getAttribute('alt') || source.getAttribute('title') || 'image';
    const placeholder = document.createElement('span');
    placeholder.className = 'image-placeholder';
    placeholder.textContent = '[image: ' + label + ']';
    const src = source.getAttribute('src');
    if (src) {
      placeholder.title = src;
    }
    return placeholder;
  }

  return Object.freeze({ render, safeHref });
})();
