// A page link followed after ticking "Compare" on cards sends the form instead, with that
// page, so that the ticks are kept (without JavaScript they are kept by the form's buttons).
"use strict";
(function () {
  const form = document.querySelector("form.initiatives-layout");
  if (!form) return;
  let ticked = false;
  form.addEventListener("change", function (event) {
    if (event.target.name === "compare") ticked = true;
  });
  form.querySelectorAll(".pagination a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!ticked) return;
      event.preventDefault();
      const page = document.createElement("input");
      page.type = "hidden";
      page.name = "page";
      page.value = new URL(link.href).searchParams.get("page");
      form.append(page);
      form.requestSubmit();
    });
  });
})();
