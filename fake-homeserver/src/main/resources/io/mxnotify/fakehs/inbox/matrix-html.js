/*
 * Renders a Matrix message's formatted_body the way a careful Matrix client does: DOMPurify (served from
 * its webjar) reduces it to the HTML the client-server spec allows ("m.room.message msgtypes", HTML), as the
 * shared allow-list says (matrix-html-allowlist.json: the same file notifier-core's sanitizer reads). Then
 * a few things a client does for display: links open in a new tab without an opener, colours become CSSOM
 * styles (the page's CSP allows no style attributes), spoilers hide until clicked, and images (mxc://
 * media, which a fake has no repository for) become a placeholder. Nothing untrusted goes through innerHTML.
 */
'use strict';

const MatrixHtml = (() => {
  const ALLOW_LIST_URL = '/_fake/inbox/matrix-html-allowlist.json';
  let allowList = null;
  let config = null;

  /** Fetches the allow-list and configures DOMPurify with it; resolves once render() can be used. */
  const ready = (async () => {
    const response = await fetch(ALLOW_LIST_URL, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error('GET ' + ALLOW_LIST_URL + ' answered ' + response.status + ': messages cannot be shown safely');
    }
    allowList = compile(await response.json());
    config = {
      ALLOWED_TAGS: allowList.tags,
      ALLOWED_ATTR: allowList.attributeNames,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOW_UNKNOWN_PROTOCOLS: false,
      ALLOWED_URI_REGEXP: allowList.uriRegExp,
      // DOMPurify checks every other attribute value against ALLOWED_URI_REGEXP too; the allow-list's own
      // patterns (the hook below) judge these instead
      ADD_URI_SAFE_ATTR: allowList.nonUrlAttributeNames,
      FORBID_CONTENTS: allowList.droppedWithContent,
      KEEP_CONTENT: true,
      RETURN_DOM_FRAGMENT: true,
    };
    DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
      if (!allowList.allows(node.nodeName.toLowerCase(), data.attrName, data.attrValue)) {
        data.keepAttr = false;
      }
    });
  })();

  function compile(json) {
    const attributes = new Map(Object.entries(json.attributes).map(([tag, names]) => [tag, new Set(names)]));
    const values = new Map(Object.entries(json.attribute_values).map(([name, pattern]) => [name, new RegExp('^(?:' + pattern + ')$')]));
    const schemes = new Map(Object.entries(json.url_schemes).map(([key, list]) => [key, new Set(list)]));
    const allSchemes = [...new Set(Object.values(json.url_schemes).flat())];
    return {
      tags: json.tags,
      attributeNames: [...new Set(Object.values(json.attributes).flat())],
      nonUrlAttributeNames: [...new Set(Object.entries(json.attributes)
        .flatMap(([tag, names]) => names.filter((name) => !schemes.has(tag + '.' + name))))],
      droppedWithContent: json.dropped_with_content,
      maxDepth: json.max_depth,
      uriRegExp: new RegExp('^(?:' + allSchemes.join('|') + '):', 'i'),
      allows(tag, name, value) {
        if (!(attributes.get(tag) || new Set()).has(name)) {
          return false;
        }
        const pattern = values.get(name);
        if (pattern && !pattern.test(value)) {
          return false;
        }
        const allowed = schemes.get(tag + '.' + name);
        return !allowed || allowed.has(schemeOf(value));
      },
    };
  }

  // The scheme of an absolute URL, lower case; '' for a relative one or one with white space or control
  // characters anywhere (browsers drop some of those, which can hide a scheme).
  function schemeOf(url) {
    if (/[\u0000-\u0020\u007f]/.test(url)) {
      return '';
    }
    const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
    return match ? match[1].toLowerCase() : '';
  }

  /** Returns a DocumentFragment with the safe rendering of an untrusted formatted_body. */
  function render(formattedBody) {
    if (config === null) {
      throw new Error('MatrixHtml.render called before MatrixHtml.ready');
    }
    const fragment = DOMPurify.sanitize(String(formattedBody), config);
    flattenBeyond(fragment, allowList.maxDepth);
    for (const element of Array.from(fragment.querySelectorAll('*'))) {
      decorate(element);
    }
    return fragment;
  }

  // The spec lets clients limit nesting to 100: deeper elements are shown as their text.
  function flattenBeyond(fragment, maxDepth) {
    const walk = (node, depth) => {
      for (const child of Array.from(node.children)) {
        if (depth >= maxDepth) {
          child.replaceWith(document.createTextNode(child.textContent));
        } else {
          walk(child, depth + 1);
        }
      }
    };
    walk(fragment, 0);
  }

  function decorate(element) {
    switch (element.localName) {
      case 'a':
        if (element.hasAttribute('href')) {
          element.setAttribute('target', '_blank');
          element.setAttribute('rel', 'noopener noreferrer nofollow');
        } else {
          element.removeAttribute('target');
        }
        break;
      case 'font':
      case 'span':
        applyColours(element);
        if (element.localName === 'span' && element.hasAttribute('data-mx-spoiler')) {
          makeSpoiler(element);
        }
        break;
      case 'img':
        element.replaceWith(imagePlaceholder(element));
        break;
      default:
        break;
    }
  }

  function applyColours(element) {
    const colour = element.getAttribute('data-mx-color') || (element.localName === 'font' ? element.getAttribute('color') : null);
    if (colour) {
      element.style.color = colour; // CSSOM, not a style attribute: allowed by the page's CSP
    }
    const background = element.getAttribute('data-mx-bg-color');
    if (background) {
      element.style.backgroundColor = background;
    }
  }

  function makeSpoiler(element) {
    element.classList.add('spoiler');
    element.tabIndex = 0;
    const reason = element.getAttribute('data-mx-spoiler');
    element.title = reason ? 'Spoiler: ' + reason + ' (click to reveal)' : 'Spoiler (click to reveal)';
    element.addEventListener('click', () => element.classList.add('revealed'));
    element.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { element.classList.add('revealed'); }
    });
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

  return Object.freeze({ ready, render });
})();
