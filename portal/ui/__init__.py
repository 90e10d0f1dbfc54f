"""The UI kit areas share: form fields and widgets over the NHS.UK components (forms.py), paginating
list pages (pagination.py), and CSV and Excel downloads (exports.py). It imports no area."""
