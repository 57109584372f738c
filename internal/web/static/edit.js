// Live meaning of the planning phrases on the forms that change a programme. Progressive
// enhancement only: without this script the "Betekenis bijwerken" button does the same on the
// server.
(function () {
  'use strict';
  var form = document.querySelector('form[data-betekenis]');
  if (!form || !window.fetch) { return; }
  var base = form.getAttribute('data-betekenis');
  var inputs = form.querySelectorAll('input[data-frase]');
  Array.prototype.forEach.call(inputs, function (input) {
    var timer = null;
    input.addEventListener('input', function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () {
        var sent = input.value;
        fetch(base + '&frase=' + encodeURIComponent(sent), { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (m) {
            // An answer about an earlier value (typed on meanwhile; answers may cross) is
            // not the meaning of what the field says now.
            if (!m || input.value !== sent) { return; }
            var out = document.getElementById(input.id + '-betekenis');
            if (!out) {
              out = document.createElement('p');
              out.id = input.id + '-betekenis';
              out.className = 'betekenis';
              out.setAttribute('aria-live', 'polite');
              input.insertAdjacentElement('afterend', out);
              var ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
              ids.push(out.id);
              input.setAttribute('aria-describedby', ids.join(' '));
            }
            out.textContent = '';
            var strong = document.createElement('strong');
            strong.textContent = m.label + ': ';
            out.appendChild(strong);
            out.appendChild(document.createTextNode(m.text));
            out.classList.toggle('betekenis-fout', !m.ok);
          })
          .catch(function () { /* the server-side button still works */ });
      }, 250);
    });
  });
}());
