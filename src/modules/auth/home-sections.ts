import { Injectable } from '@nestjs/common';
import { html, SafeHtml } from '../../common/html';
import type { Person } from '../organisations/person.entity';

export type HomeSection = (person: Person) => Promise<SafeHtml | null>;

/**
 * What the home page lists, by feature: each module that has something to show a person
 * (reports they may read, cycles they run) registers a section at start.
 */
@Injectable()
export class HomeSections {
  private readonly sections: { section: HomeSection; order: number }[] = [];

  /** `order`: lower comes first (default 10); the same order keeps registration order. */
  register(section: HomeSection, order = 10): void {
    this.sections.push({ section, order });
    this.sections.sort((a, b) => a.order - b.order);
  }

  async render(person: Person): Promise<SafeHtml[]> {
    const rendered = await Promise.all(this.sections.map(({ section }) => section(person)));
    const parts = rendered.filter((part): part is SafeHtml => part !== null);
    if (person.roles.includes('admin')) {
      parts.push(
        html`<h2>Administration</h2>
          <ul>
            <li><a href="/docs">API reference (Swagger)</a></li>
          </ul>`,
      );
    }
    if (parts.length === 0) parts.push(html`<p>There is nothing for you to see here yet.</p>`);
    return parts;
  }
}
