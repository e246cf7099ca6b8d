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
    // Arrow keys move through a radio group and fire "change" at each option:
    // wait for Space, Enter or the Update button then, rather than reload at
    // every step (WCAG 3.2.2).
    var arrows = false;
    staff.addEventListener("keydown", function (ev) {
      arrows = /^Arrow/.test(ev.key);
    });
    staff.addEventListener("change", function (ev) {
      if (arrows) { return; }
      // The fragment names the choice itself: the browser focuses it on load.
      staff.action = staff.action.split("#")[0] + "#" + ev.target.id;
      staff.submit();
    });
    staff.addEventListener("keyup", function (ev) {
      if ((ev.key === " " || ev.key === "Enter") && ev.target.matches("input")) {
        arrows = false;
        staff.action = staff.action.split("#")[0] + "#" + ev.target.id;
        staff.submit();
      }
    });
    if (location.hash) {
      var el = document.getElementById(location.hash.slice(1));
      if (el && el.focus) { el.focus(); }
    }
  }
  var printers = document.querySelectorAll("[data-print]");
  for (var i = 0; i < printers.length; i++) {
    printers[i].hidden = false;
    printers[i].addEventListener("click", function () { window.print(); });
  }
})();
