// Arrows that move an objective or an axis up or down: they renumber the rows' "order"
// boxes, which are what is saved (typing the numbers does the same without JavaScript).
"use strict";
(function () {
  function rows(table) {
    return Array.from(table.querySelectorAll("tbody tr.form-row:not(.empty-form)"));
  }
  function renumber(table) {
    rows(table).forEach(function (row, index) {
      const box = row.querySelector("td.field-order input");
      if (box) box.value = index + 1;
    });
  }
  function move(row, step) {
    const table = row.closest("table");
    const all = rows(table);
    const target = all[all.indexOf(row) + step];
    if (!target) return;
    row.parentNode.insertBefore(row, step < 0 ? target : target.nextSibling);
    renumber(table);
    row.querySelector(step < 0 ? "button.order-up" : "button.order-down").focus();
  }
  function addArrows(row) {
    const cell = row.querySelector("td.field-order");
    const box = cell && cell.querySelector("input");
    if (!box || cell.querySelector("button.order-up")) return;
    [["order-up", "↑", -1], ["order-down", "↓", 1]].forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = spec[0];
      button.textContent = spec[1];
      button.setAttribute("aria-label", spec[2] < 0 ? box.dataset.up : box.dataset.down);
      button.addEventListener("click", function () { move(row, spec[2]); });
      cell.appendChild(button);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".inline-group .tabular td.field-order").forEach(function (cell) {
      addArrows(cell.closest("tr"));
    });
  });
  document.addEventListener("formset:added", function (event) { addArrows(event.target); });
})();
