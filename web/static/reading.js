// The unit page's copy buttons: the page is complete without this script (the citations are
// text to select); with it, each format's button copies its citation and says so.
'use strict';

(function () {
  const status = document.getElementById('cite-status');

  function say(text) {
    if (status) status.textContent = text;
  }

  // Selects the citation's text, for a browser that refuses the clipboard (then Ctrl+C copies).
  function select(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  for (const button of document.querySelectorAll('button.copy[data-copy]')) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    const label = document.getElementById(button.dataset.copy + '-label');
    const name = label ? label.textContent : 'citation';
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.textContent);
        button.textContent = 'Copied';
        say(name + ' citation copied');
        setTimeout(() => { button.textContent = 'Copy'; }, 2000);
      } catch (e) {
        select(source);
        say(name + ' citation selected: press Ctrl+C to copy');
      }
    });
  }
})();
