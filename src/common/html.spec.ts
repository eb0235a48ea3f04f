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

  it('leaves no line of bare indentation where a value on its own line renders to nothing', () => {
    const shown = (tag: string | false) =>
      html`<h3>Title</h3>
    ${tag}
    <p>Body</p>`.value;
    expect(shown(false)).toBe('<h3>Title</h3>\n    <p>Body</p>');
    expect(shown('New')).toBe('<h3>Title</h3>\n    New\n    <p>Body</p>');
    expect(html`<td>${''}</td>`.value).toBe('<td></td>');
  });

  it("never touches a value's own whitespace", () => {
    const comment = 'first line\n   \nthird line  ';
    expect(
      html`<li>
      ${comment}
    </li>`.value,
    ).toBe('<li>\n      first line\n   \nthird line  \n    </li>');
  });
});
