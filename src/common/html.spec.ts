import { html, raw } from './html';

describe('html', () => {
  it('escapes interpolated text, so names cannot inject markup', () => {
    const name = '<script>alert("x")</script> & co';
    expect(html`<p>${name}</p>`.toString()).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>',
    );
  });

  it('keeps nested fragments and raw markup as they are, and drops empty values', () => {
    const items = ['a', 'b'].map((x) => html`<li>${x}</li>`);
    const list = html`<ul>${items}${null}${false}${raw('<hr>')}</ul>`;
    expect(list.toString()).toBe('<ul><li>a</li><li>b</li><hr></ul>');
  });
});
