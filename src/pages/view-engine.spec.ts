import { JSDOM } from 'jsdom';
import { navigationFor } from './navigation';
import { renderView, trusted } from './view-engine';

const EVIL = '<script>alert("x")</script>&\'"';

function doc(html: string): Document {
  return new JSDOM(html).window.document;
}

describe('the layout and the view engine', () => {
  it('escapes every value it is given (autoescape on), and inserts only what is marked trusted', () => {
    const html = renderView('home/home.njk', {
      name: EVIL,
      person: { name: EVIL, roles: ['admin'] },
      organisationName: EVIL,
      navigation: navigationFor(['admin'], '/'),
      csrfToken: '"><script>',
      banner: { heading: EVIL, text: EVIL },
      sections: [trusted('<p id="trusted">kept</p>')],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"><script>');
    const d = doc(html);
    expect(d.querySelector('h1')?.textContent).toBe(`Hello, ${EVIL}`);
    expect(d.title).toBe(`Hello, ${EVIL} – Collective 360`);
    expect(d.querySelector('.app-header__organisation')?.textContent).toBe(EVIL);
    expect(d.querySelector('.nhsuk-notification-banner')?.textContent).toContain(EVIL);
    expect(d.getElementById('trusted')?.textContent).toBe('kept');
  });

  it('has a skip link to main, the service name, the navigation for the roles and "Sign out"', () => {
    const d = doc(
      renderView('home/home.njk', {
        name: 'Sam',
        person: { name: 'Sam Okoro', roles: ['coach'] },
        organisationName: 'Northshire NHS Trust',
        navigation: navigationFor(['coach'], '/'),
        csrfToken: 'tok',
        sections: [],
      }),
    );
    const skip = d.querySelector('a.nhsuk-skip-link')!;
    expect(d.getElementById(skip.getAttribute('href')!.slice(1))?.tagName).toBe('MAIN');
    expect(d.querySelector('.nhsuk-header__service-name')?.textContent).toBe('Collective 360');
    expect(d.querySelector('.nhsuk-header svg')).toBeNull(); // no NHS logo
    expect(
      [...d.querySelectorAll('.nhsuk-header__navigation-link')].map((a) => a.textContent?.trim()),
    ).toEqual(['Home', 'Browse More']);
    const signOut = d.querySelector('form[action="/sign-in/out"]')!;
    expect(signOut.getAttribute('method')).toBe('post');
    expect(signOut.querySelector<HTMLInputElement>('input[name=_csrf]')?.value).toBe('tok');
    expect(signOut.querySelector('button')?.textContent).toBe('Sign out');
    expect(d.querySelector('footer')).not.toBeNull();
    expect(d.documentElement.lang).toBe('en-GB');
  });

  it('takes long and unicode names as they are', () => {
    const name = 'Zoë Ñúñez-Ōkafor 王秀英 '.repeat(10).trim();
    const d = doc(
      renderView('home/home.njk', {
        name,
        person: { name, roles: [] },
        navigation: [],
        sections: [],
      }),
    );
    expect(d.querySelector('h1')?.textContent).toBe(`Hello, ${name}`);
    expect(d.querySelector('.nhsuk-header__account-item')?.textContent).toBe(name);
  });
});

describe('navigationFor', () => {
  it('shows each role its items and marks the current one', () => {
    expect(navigationFor(['coach'], '/').map((i) => [i.text, i.current])).toEqual([['Home', true]]);
    expect(navigationFor(['admin'], '/docs').map((i) => [i.text, i.current])).toEqual([
      ['Home', false],
      ['People', false],
      ['Units', false],
      ['Cycles', false],
      ['Frameworks', false],
      ['API reference', true],
    ]);
    const onACycle = navigationFor(['admin'], '/admin/cycles/123');
    expect(onACycle.filter((i) => i.current).map((i) => i.text)).toEqual(['Cycles']);
  });
});
