/** Moving through the portal as a person does: by the main navigation, opening the Menu (narrow screens) or the workspace menu that holds a link. */
import type { Page } from 'playwright-core';

export async function navigateTo(page: Page, label: string): Promise<void> {
  const menuToggle = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Signed in: the navigation shows, or (narrow screens) its Menu button.
  await nav.or(menuToggle).first().waitFor();
  if ((await menuToggle.isVisible()) && (await menuToggle.getAttribute('aria-expanded')) !== 'true') await menuToggle.click();
  await nav.waitFor();
  const link = nav.getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible())) {
    // Grouped navigation: the link sits in a workspace's menu; open it (its button is the group's).
    // (A CSS locator, not a role one: role locators skip the hidden link we are looking for.)
    const exactText = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const group = nav.locator('li').filter({ has: page.locator('a', { hasText: exactText }) }).locator(':scope > button');
    if ((await group.count()) > 0) await group.first().click();
  }
  await link.click();
}
