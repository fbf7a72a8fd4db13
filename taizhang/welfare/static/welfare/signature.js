// The recipient's signature on the hand-out page (屏幕签名): drawn with a finger, a pen or the
// mouse on the canvas, sent as a PNG data URL in the form's hidden "signature" field. A file of
// its own: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function setUp(form) {
    var canvas = form.querySelector("canvas[data-signature]");
    var field = form.querySelector("input[name=signature]");
    var empty = form.querySelector("[data-signature-empty]");
    var clear = form.querySelector("[data-signature-clear]");
    if (!canvas || !field) {
      return;
    }
    var context = canvas.getContext("2d");
    var drawn = false;
    var last = null;

    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#000";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) {
        return;
      }
      event.preventDefault();
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
      drawn = true;
      if (empty) {
        empty.hidden = true;
      }
    });
    function stop() {
      last = null;
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);

    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        field.value = "";
      });
    }

    form.addEventListener("submit", function (event) {
      if (!drawn) {
        event.preventDefault();
        if (empty) {
          empty.hidden = false;
        }
        return;
      }
      field.value = canvas.toDataURL("image/png");
    });
  }

  document.querySelectorAll("form[data-signature-form]").forEach(setUp);
})();
