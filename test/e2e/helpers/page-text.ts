/** Reading what a person sees on a page built of web components. */
import type { Page } from 'playwright-core';

/** Text of an element and every shadow root below it (innerText stops at shadow roots), with input values. */
export function deepText(page: Page, selector: string): Promise<string> {
  // No inner named functions: tsx would wrap them in a helper the page does not have.
  return page.locator(selector).first().evaluate((root) => {
    let text = '';
    const stack: Node[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n instanceof HTMLStyleElement || n instanceof HTMLScriptElement) continue;
      if (n.nodeType === Node.TEXT_NODE) text += n.textContent ?? '';
      if (n instanceof HTMLInputElement) text += ` ${n.value} `;
      if (n instanceof Element && n.shadowRoot) stack.push(n.shadowRoot);
      stack.push(...[...n.childNodes].reverse());
    }
    return text;
  });
}
