// The on-screen signature of a responsibility letter (手写签名): a <canvas> drawn on with
// pointer events (finger, pen or mouse). On submit the drawing goes into the form's hidden
// `signature` field as a PNG data URL; the server checks it and keeps it as an attachment.
// Without JavaScript the pad stays hidden and the photo or scan of the letter is used instead.
(() => {
  for (const pad of document.querySelectorAll("[data-signature-pad]")) {
    const form = pad.closest("form");
    const field = form && form.querySelector('input[name="signature"]');
    const canvas = pad.querySelector("canvas");
    if (!field || !canvas) continue;
    const context = canvas.getContext("2d");
    let drawn = false;
    let last = null;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#111";

    const point = (event) => {
      const box = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - box.left) * canvas.width) / box.width,
        y: ((event.clientY - box.top) * canvas.height) / box.height,
      };
    };
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!last) return;
      const next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
      drawn = true;
    });
    const stop = () => {
      last = null;
    };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    pad.querySelector("[data-signature-clear]").addEventListener("click", () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      field.value = "";
    });
    form.addEventListener("submit", () => {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
    pad.hidden = false;
  }
})();
