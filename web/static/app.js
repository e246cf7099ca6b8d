// pinguide's only script. Everything works without it; it only enhances:
// - in the city's iframe, tells the (allow-listed) parent our height;
// - on the counter screen, re-renders the result as staff click;
// - the print button.
(function () {
  "use strict";
  var body = document.body;
  var parent = body.getAttribute("data-parent");
  if (parent && window.parent !== window) {
    var last = 0;
    var post = function () {
      var h = document.documentElement.scrollHeight;
      if (h !== last) {
        last = h;
        window.parent.postMessage({ type: "pinguide:height", height: h }, parent);
      }
    };
    window.addEventListener("load", post);
    window.addEventListener("resize", post);
    if (window.ResizeObserver) {
      new ResizeObserver(post).observe(document.documentElement);
    }
    post();
  }
  var staff = document.querySelector("form[data-autosubmit]");
  if (staff) {
    // Come back to the question just answered, with focus on the choice.
    staff.addEventListener("change", function (ev) {
      var group = ev.target.closest(".form-group");
      staff.action = staff.action.split("#")[0] + (group ? "#" + group.id : "");
      staff.submit();
    });
    if (location.hash) {
      var g = document.getElementById(location.hash.slice(1));
      var input = g && (g.querySelector("input:checked") || g.querySelector("input"));
      if (input) { input.focus(); }
    }
  }
  var printers = document.querySelectorAll("[data-print]");
  for (var i = 0; i < printers.length; i++) {
    printers[i].hidden = false;
    printers[i].addEventListener("click", function () { window.print(); });
  }
})();
