"""Pages of the residents app, one module a concern (``urls.py`` names each view by its module).

Every page about one resident fetches them through ``selectors.resident_get`` (404 outside
the user's scope), checks the right in ``permissions`` (403 when the resident is visible but
the action is not the user's), calls one service and turns its DomainError into a form error.

- ``listing``: the list, its search and filters, the export;
- ``detail``: the resident's file and a document's download;
- ``history``: the audit history (built by ``apps.residents.audit``);
- ``registration``: registering a resident and editing their identity;
- ``placements``: admission, termination and the case stage;
- ``referrals``: referrals (the way to transfer) and over-capacity requests to the head;
- ``events``: residential events and the return from one;
- ``documents``: family and guardians, documents, consent;
- ``imports``: the spreadsheet import;
- ``_base``: what they share (``ResidentActionView``, ``add_domain_error``...).
"""
