// A filter applies as soon as it is chosen; without scripts, the Filter button does it.
document.querySelectorAll("form.filters select").forEach(function (select) {
  select.addEventListener("change", function () {
    select.form.submit();
  });
});
