#!/usr/bin/env python3
"""Generate console-holdout-2.json: a second, independent held-out set of CORS
console errors as people paste them into bug reports.

Deterministic (fixed seed), stdlib only, no network. The message templates
below are the browsers' own source strings (see TEMPLATE SOURCES); the pastes
are built from them and then damaged the way real pastes are damaged.

TEMPLATE SOURCES
  Chromium  chromium/chromium  third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
            (current and older revisions, also as mirrored in kiwibrowser/src,
            weolar/miniblink132, cinagroup/CinaBrowser)
            third_party/WebKit/Source/core/fetch/CrossOriginAccessControl.cpp
            (weolar/miniblink49, icecreamzhao/miniblink57)
            third_party/WebKit/Source/core/loader/DocumentThreadableLoader.cpp
            core/fetch/ResourceFetcher.cpp, core/xmlhttprequest/XMLHttpRequest.cpp,
            renderer/core/fetch/fetch_manager.cc, frame/deprecation strings
  WebKit    WebKit/WebKit  Source/WebCore/loader/CrossOriginAccessControl.cpp,
            CrossOriginPreflightResultCache.cpp, DocumentThreadableLoader.cpp,
            CrossOriginPreflightChecker.cpp, ThreadableLoader.cpp (+ older revisions)
  Firefox   mozilla/gecko-dev  dom/locales/en-US/chrome/security/security.properties
            and Debian firefox-esr-l10n-<loc> langpacks (security.properties)

Usage: python3 generate.py   (writes ../console-holdout-2.json next to this dir)
"""

import json
import os
import random

SEED = 0x2C0125
rng = random.Random(SEED)
# Firefox langpack strings (firefox-esr-l10n-* 153.8.0esr, Debian),
# chrome/<loc>/locale/<loc>/global/security/security.properties, CORS* keys.
FX_L10N = {
    'cy': {
        'CORSDisabled': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: CORS wedi ei analluogi).",
        'CORSDidNotSucceed2': "Rhwystrwyd Cais Traws Darddiad: Mae'r Un Polisi Tarddiad yn analluogi darllen yr adnodd pell yn %1$S. (Rheswm: methodd cais CORS). Cod statws: %2$S.",
        'CORSOriginHeaderNotAdded': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: Pennyn CORS ‘Origin’ wedi methu cael ei ychwanegu).",
        'CORSRequestNotHttp': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: cais CORS nid http).",
        'CORSMissingAllowOrigin2': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: pennyn CORS coll 'Access-Control-Allow-Origin' ). Cod status: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: CORS 'Access-Control-Allow-Origin' lluosog ddim yn cael eu caniatáu ).",
        'CORSAllowOriginNotMatchingOrigin': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: pennyn CORS 'Access-Control-Allow-Origin' ddim yn cydweddu %2$S ).",
        'CORSNotSupportingCredentials': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: Nid yw'r cyflwyniad yn cael ei gynnal ym mhennyn 'Access-Control-Allow-Credentials' CORS os y pennyn yw ‘*’).",
        'CORSMethodNotFound': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: methu canfod dull ym mhennyn CORS 'Access-Control-Allow-Methods' ).",
        'CORSMissingAllowCredentials': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: wedi disgwyl 'true' ym mhennyn 'Access-Control-Allow-Credentials' CORS ).",
        'CORSPreflightDidNotSucceed3': "Rhwystrwyd Cais Croes Darddiad: Mae'r Polisi Un Tarddiad yn atal darllen yr adnodd pell yn %1$S. (Rheswm: methodd ymateb rhagflaenol CORS). Cod status: %2$S.",
        'CORSInvalidAllowMethod': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: tocyn annilys '%2$S' ym mhennyn 'Access-Control-Allow-Methods' CORS ).",
        'CORSInvalidAllowHeader': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: tocyn annilys '%2$S' ym mhennyn 'Access-Control-Allow-Headers' CORS ).",
        'CORSMissingAllowHeaderFromPreflight2': "Rhwystrwyd Cais Croes-Tarddiad: Mae'r Polisi Un Tarddiad yn rhwystro darllen yr adnodd pell yn %1$S. (Rheswm: nid oes hawl i bennyn ‘%2$S’ yn ôl pennyn 'Access-Control-Allow-Headers' sianel cyn ehedeg CORS).",
        'CORSAllowHeaderFromPreflightDeprecation': "Rhybudd Cais Traws-darddiad: Ni fydd y Polisi Un Tarddiad yn caniatáu darllen yr adnodd pell yn %1$S yn fuan. (Rheswm: Pan fo'r `Access-Control-Allow-Headers` yn `*`, nid yw'r pennyn `Authorization` wedi'i gwmpasu. I gynnwys y pennawd `Authorization`, rhaid iddo gael ei restru'n benodol ym mhennyn CORS `Access-Control-Allow-Headers`).",
    },
    'de': {
        'CORSDisabled': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS deaktiviert).",
        'CORSDidNotSucceed2': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage schlug fehl). Statuscode: %2$S.",
        'CORSOriginHeaderNotAdded': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Origin' konnte nicht hinzugefügt werden).",
        'CORSRequestNotHttp': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage war nicht http).",
        'CORSMissingAllowOrigin2': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Es darf nur ein eine CORS-Kopfzeile 'Access-Control-Allow-Origin' verwendet werden).",
        'CORSAllowOriginNotMatchingOrigin': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit '%2$S' überein).",
        'CORSNotSupportingCredentials': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Berechtigung/Credential wird nicht unterstützt, wenn die CORS-Kopfzeile 'Access-Control-Allow-Origin' auf '*' gesetzt ist).",
        'CORSMethodNotFound': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Methode nicht in CORS-Kopfzeile 'Access-Control-Allow-Methods' gefunden).",
        'CORSMissingAllowCredentials': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: 'true' in CORS-Kopfzeile 'Access-Control-Allow-Credentials' erwartet).",
        'CORSPreflightDidNotSucceed3': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Preflight-Antwort schlug fehl). Statuscode: %2$S.",
        'CORSInvalidAllowMethod': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Methods').",
        'CORSInvalidAllowHeader': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Headers').",
        'CORSMissingAllowHeaderFromPreflight2': "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Kopfzeile '%2$S' ist aufgrund der Kopfzeile 'Access-Control-Allow-Headers' aus der CORS-Preflight-Antwort nicht zulässig).",
        'CORSAllowHeaderFromPreflightDeprecation': "Warnung für quellübergreifende (Cross-Origin) Anfrage: Die Gleiche-Quelle-Regel wird das Lesen der externen Ressource auf %1$S bald verbieten. (Grund: Wenn 'Access-Control-Allow-Headers' den Wert '*' hat, wird die 'Authorization'-Kopfzeile nicht eingeschlossen. Um die 'Authorization'-Kopfzeile einzuschließen, muss sie explizit in der CORS-Kopfzeile 'Access-Control-Allow-Headers' aufgeführt werden).",
    },
    'el': {
        'CORSDisabled': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: το CORS απενεργοποιήθηκε).",
        'CORSDidNotSucceed2': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: Το αίτημα CORS δεν ήταν επιτυχές). Κωδικός κατάστασης: %2$S.",
        'CORSOriginHeaderNotAdded': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: Η κεφαλίδα ‘Origin’ του CORS δεν μπορεί να προστεθεί).",
        'CORSRequestNotHttp': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: το αίτημα CORS δεν έχει http).",
        'CORSMissingAllowOrigin2': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: η κεφαλίδα «Access-Control-Allow-Origin» του CORS απουσιάζει). Κωδικός κατάστασης: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: η κεφαλίδα ‘Access-Control-Allow-Origin’ του πολλαπλού CORS δεν επιτρέπεται).",
        'CORSAllowOriginNotMatchingOrigin': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: η κεφαλίδα ‘Access-Control-Allow-Origin’ του CORS δεν ταιριάζει με το ‘%2$S’).",
        'CORSNotSupportingCredentials': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: Το διαπιστευτήριο δεν υποστηρίζεται αν η κεφαλίδα ‘Access-Control-Allow-Origin’ του CORS είναι ‘*’).",
        'CORSMethodNotFound': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: Δεν βρέθηκε μέθοδος στην κεφαλίδα ‘Access-Control-Allow-Methods’ του CORS).",
        'CORSMissingAllowCredentials': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: Αναμενόταν η τιμή ‘true’ στην κεφαλίδα ‘Access-Control-Allow-Credentials’ του CORS).",
        'CORSPreflightDidNotSucceed3': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: η απόκριση του προκαταρκτικού ελέγχου CORS δεν πέτυχε). Κωδικός κατάστασης: %2$S.",
        'CORSInvalidAllowMethod': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης δεν επιτρέπει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: μη έγκυρο σύμβολο ‘%2$S’ στην κεφαλίδα ‘Access-Control-Allow-Methods’ του CORS).",
        'CORSInvalidAllowHeader': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης απαγορεύει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: μη έγκυρο σύμβολο «%2$S» στην κεφαλίδα «Access-Control-Allow-Headers» του CORS).",
        'CORSMissingAllowHeaderFromPreflight2': "Αποκλείστηκε αίτημα πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης απαγορεύει την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: η κεφαλίδα «%2$S» δεν επιτρέπεται σύμφωνα με την κεφαλίδα «Access-Control-Allow-Headers» από την απόκριση προκαταρκτικού ελέγχου του CORS).",
        'CORSAllowHeaderFromPreflightDeprecation': "Προειδοποίηση αιτήματος πολλαπλών προελεύσεων: Η πολιτική ίδιας προέλευσης θα απαγορεύσει σύντομα την ανάγνωση του απομακρυσμένου πόρου στο %1$S. (Αιτία: όταν το «Access-Control-Allow-Headers» είναι «*», η κεφαλίδα «Authorization» δεν καλύπτεται. Για να συμπεριλάβετε την κεφαλίδα «Authorization», αυτή πρέπει να αναγράφεται ρητά στην κεφαλίδα CORS «Access-Control-Allow-Headers»).",
    },
    'es-ar': {
        'CORSDisabled': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: CORS deshabilitado).",
        'CORSDidNotSucceed2': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: El pedido CORS falló). Código de estado: %2$S.",
        'CORSOriginHeaderNotAdded': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: no se puede agregar el encabezado CORS ‘Origin’).",
        'CORSRequestNotHttp': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: pedido CORS no es http).",
        'CORSMissingAllowOrigin2': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado CORS ‘Access-Control-Allow-Origin’ faltante). Código de estado: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: Encabezados CORS ‘Access-Control-Allow-Origin’ múltiples no permitidos).",
        'CORSAllowOriginNotMatchingOrigin': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado CORS ‘Access-Control-Allow-Origin’ no coincide con ‘%2$S’).",
        'CORSNotSupportingCredentials': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en ‘%1$S’. (Razón: La credencial no es compatible si el encabezado CORS ‘Access-Control-Allow-Origin’ es ‘*’).",
        'CORSMethodNotFound': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: no se encontró el método en encabezado CORS ‘Access-Control-Allow-Methods’).",
        'CORSMissingAllowCredentials': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: se esperaba ‘true’ en el encabezado CORS ‘Access-Control-Allow-Credentials’).",
        'CORSPreflightDidNotSucceed3': "Pedido de origen cruzado bloqueado: La Política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: La verificación previa de la respuesta CORS no fue exitosa). Código de estado: %2$S.",
        'CORSInvalidAllowMethod': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: token ‘%2$S’ inválido en encabezado CORS ‘Access-Control-Allow-Methods’).",
        'CORSInvalidAllowHeader': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: token ‘%2$S’ inválido en encabezado CORS ‘Access-Control-Allow-Headers’).",
        'CORSMissingAllowHeaderFromPreflight2': "Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado ‘%2$S’ no permitido según el encabezado ‘Access-Control-Allow-Headers’ de la respuesta preflight de CORS).",
        'CORSAllowHeaderFromPreflightDeprecation': "Advertencia de pedido de origen cruzado: La política de mismo origen no permitirá la lectura del recurso remoto en %1$S pronto. (Razón: Cuando `Access-Control-Allow-Headers` es `*`, el encabezado `Authorization` no está cubierto. Para incluir el encabezado `Authorization`, debe estar listado explícitamente en el encabezado CORS `Access-Control-Allow-Headers`).",
    },
    'eu': {
        'CORSDisabled': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: CORS desgaituta).",
        'CORSDidNotSucceed2': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: CORS eskaera ez da ondo burutu). Egoera-kodea: %2$S.",
        'CORSOriginHeaderNotAdded': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: ezin da gehitu 'Origin' CORS goiburua).",
        'CORSRequestNotHttp': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: CORS eskaera ez da http).",
        'CORSMissingAllowOrigin2': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: 'Access-Control-Allow-Origin' CORS goiburua falta da). Egoera-kodea: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: ez dira baimentzen hainbat 'Access-Control-Allow-Origin' CORS goiburu).",
        'CORSAllowOriginNotMatchingOrigin': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: 'Access-Control-Allow-Origin' CORS goiburua ez dator '%2$S'(r)ekin bat).",
        'CORSNotSupportingCredentials': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: kredentziala ez da onartzen 'Access-Control-Allow-Origin' goiburua '*' denean).",
        'CORSMethodNotFound': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: ez da metodorik aurkitu 'Access-Control-Allow-Methods' CORS goiburuan).",
        'CORSMissingAllowCredentials': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: 'true' espero zen 'Access-Control-Allow-Credentials' goiburuan).",
        'CORSPreflightDidNotSucceed3': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: CORS preflight erantzuna ez da ondo burutu). Egoera-kodea: %2$S.",
        'CORSInvalidAllowMethod': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: '%2$S' tokena baliogabea da 'Access-Control-Allow-Methods' CORS goiburuan).",
        'CORSInvalidAllowHeader': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: '%2$S' tokena baliogabea da 'Access-Control-Allow-Headers' CORS goiburuan).",
        'CORSMissingAllowHeaderFromPreflight2': "Jatorri gurutzatuaren eskaera (CORS) blokeatuta: jatorri bereko politikak ez du baimentzen %1$S helbideko baliabidea irakurtzea. (Arrazoia: '%2$S' ez da onartzen CORS preflight erantzuneko 'Access-Control-Allow-Headers' goiburuaren arabera).",
        'CORSAllowHeaderFromPreflightDeprecation': "Jatorri gurutzatuaren eskaeraren (CORS) abisua: jatorri bereko politikak laster ez du baimenduko %1$S helbideko urruneko baliabidea irakurtzea. (Arrazoia: `Access-Control-Allow-Headers` goiburuaren balioa `*` denean, `Authorization` goiburua ez da sartzen. `Authorization` goiburua kontuan hartzeko, esplizituki zerrendatu behar da `Access-Control-Allow-Headers` CORS goiburuan).",
    },
    'fr': {
        'CORSDisabled': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : CORS désactivé.",
        'CORSDidNotSucceed2': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la requête CORS. Code d’état : %2$S.",
        'CORSOriginHeaderNotAdded': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Origin » ne peut pas être ajouté.",
        'CORSRequestNotHttp': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : la requête CORS n’utilise pas HTTP.",
        'CORSMissingAllowOrigin2': "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : le recours à plusieurs en-têtes CORS « Access-Control-Allow-Origin » n’est pas autorisé.",
        'CORSAllowOriginNotMatchingOrigin': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » ne correspond pas à « %2$S ».",
        'CORSNotSupportingCredentials': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’identification n’est pas prise en charge si la valeur de l’en-tête CORS « Access-Control-Allow-Origin » est « * ».",
        'CORSMethodNotFound': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : méthode manquante dans l’en-tête « Access-Control-Allow-Methods ».",
        'CORSMissingAllowCredentials': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : « true » attendu dans l’en-tête CORS « Access-Control-Allow-Credentials ».",
        'CORSPreflightDidNotSucceed3': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la réponse de pré-vérification des requêtes CORS. Code d’état : %2$S.",
        'CORSInvalidAllowMethod': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Methods ».",
        'CORSInvalidAllowHeader': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Headers ».",
        'CORSMissingAllowHeaderFromPreflight2': "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête « %2$S » n’est pas autorisé d’après l’en-tête « Access-Control-Allow-Headers » de la réponse de pré-vérification des requêtes CORS.",
        'CORSAllowHeaderFromPreflightDeprecation': "Avertissement de requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permettra bientôt plus de consulter la ressource distante située sur %1$S  (motif : quand la valeur d’« Access-Control-Allow-Headers » est « * », l’en-tête « Authorization » n’est pas traité. Pour que l’en-tête « Authorization » soit inclus, il doit être explicitement listé dans l’en-tête CORS « Access-Control-Allow -Headers »).",
    },
    'hu': {
        'CORSDisabled': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (O: a CORS kikapcsolva).",
        'CORSDidNotSucceed2': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: A CORS kérés sikertelen volt). Állapotkód: %2$S.",
        'CORSOriginHeaderNotAdded': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Origin” CORS fejléc nem adható hozzá).",
        'CORSRequestNotHttp': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: A CORS kérés nem HTTP).",
        'CORSMissingAllowOrigin2': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Access-Control-Allow-Origin” CORS fejléc hiányzik). Állapotkód: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Nem engedélyezett a több „Access-Control-Allow-Origin” CORS fejléc használata).",
        'CORSAllowOriginNotMatchingOrigin': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Access-Control-Allow-Origin” CORS fejléc nem egyezik ezzel: „%2$S”).",
        'CORSNotSupportingCredentials': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: A hitelesítési adat nem támogatott, ha az „Access-Control-Allow-Credentials” CORS fejléc értéke „*”).",
        'CORSMethodNotFound': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Nem található az „Access-Control-Allow-Methods” CORS fejléc).",
        'CORSMissingAllowCredentials': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Access-Control-Allow-Credentials” CORS fejlécben a várt érték a „true”).",
        'CORSPreflightDidNotSucceed3': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: A CORS előzetes válasz sikertelen). Állapotkód: %2$S.",
        'CORSInvalidAllowMethod': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Access-Control-Allow-Methods” CORS fejlécben érvénytelen „%2$S” jelsor van).",
        'CORSInvalidAllowHeader': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: Az „Access-Control-Allow-Headers” CORS fejlécben érvénytelen „%2$S” jelsor van).",
        'CORSMissingAllowHeaderFromPreflight2': "Cross-Origin kérés blokkolva: Az azonos eredet házirend nem engedélyezi a távoli erőforrás olvasását innen: %1$S. (Ok: A CORS előzetes válaszban szereplő „Access-Control-Allow-Headers” fejléc alapján a(z) „%2$S” fejléc nem engedélyezett).",
        'CORSAllowHeaderFromPreflightDeprecation': "Cross-Origin kérési figyelmeztetés: Az azonos eredet házirend hamarosan nem fogja engedélyezni a távoli erőforrás olvasását itt: %1$S. (Ok: Ha az `Access-Control-Allow-Headers` értéke `*`, akkor az nem vonatkozik az `Authorization` fejlécre. Hogy belevegye az `Authorization` fejlécet, explicite fel kell sorolnia az `Access-Control-Allow-Headers` CORS-fejlécben).",
    },
    'is': {
        'CORSDisabled': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: CORS óvirkt).",
        'CORSDidNotSucceed2': "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
        'CORSOriginHeaderNotAdded': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: Ekki hægt að setja inn ‘Origin’ CORS hausinn).",
        'CORSRequestNotHttp': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: CORS beiðni er ekki http).",
        'CORSMissingAllowOrigin2': "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: Ekki mega vera margir CORS hausar ‘Access-Control-Allow-Origin‘).",
        'CORSAllowOriginNotMatchingOrigin': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: CORS haus ‘Access-Control-Allow-Origin’ passar ekki ‘%2$S’).",
        'CORSNotSupportingCredentials': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á ‘%1$S’. (Ástæða: Auðkenni er ekki með stuðning ef CORS haus ‘Access-Control-Allow-Origin’ is ‘*’).",
        'CORSMethodNotFound': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: Fann ekki aðgerð í CORS haus ‘Access-Control-Allow-Methods’).",
        'CORSMissingAllowCredentials': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: bjóst við ‘true’ í CORS haus ‘Access-Control-Allow-Credentials’).",
        'CORSPreflightDidNotSucceed3': "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
        'CORSInvalidAllowMethod': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: Ógilt teikn ‘%2$S’ í CORS-haus ‘Access-Control-Allow-Methods’).",
        'CORSInvalidAllowHeader': "Lokað á Cross-Origin beiðni: Reglan fyrir sama vefsvæði leyfir ekki að lesa gögn frá öðru vefsvæði á %1$S. (Ástæða: Ógilt teikn ‘%2$S’ í CORS-haus ‘Access-Control-Allow-Headers’).",
        'CORSMissingAllowHeaderFromPreflight2': "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
        'CORSAllowHeaderFromPreflightDeprecation': "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
    },
    'ja': {
        'CORSDisabled': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS が無効)。",
        'CORSDidNotSucceed2': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が成功しなかった)。ステータスコード: %2$S",
        'CORSOriginHeaderNotAdded': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Origin’ を追加できなかった)。",
        'CORSRequestNotHttp': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が http でない)。",
        'CORSMissingAllowOrigin2': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。ステータスコード: %2$S",
        'CORSMultipleAllowOriginNotAllowed': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: 複数の CORS ヘッダー ‘Access-Control-Allow-Origin’ は許可されない)。",
        'CORSAllowOriginNotMatchingOrigin': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘%2$S’ と異なる)。",
        'CORSNotSupportingCredentials': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘*’ である場合、認証情報はサポートされない)。",
        'CORSMethodNotFound': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ にメソッドが見つからない)。",
        'CORSMissingAllowCredentials': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Credentials’ は ‘true’ であるべき)。",
        'CORSPreflightDidNotSucceed3': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライト応答が継承されていない)。ステータスコード: %2$S",
        'CORSInvalidAllowMethod': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ に不正なトークン ‘%2$S’ が含まれる)。",
        'CORSInvalidAllowHeader': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Headers’ に不正なトークン ‘%2$S’ が含まれる)。",
        'CORSMissingAllowHeaderFromPreflight2': "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライト応答からのヘッダー ‘Access-Control-Allow-Headers’ によりヘッダー ‘%2$S’ が許可されていない)。",
        'CORSAllowHeaderFromPreflightDeprecation': "クロスオリジン要求警告: 同一生成元ポリシーにより、間もなく %1$S にあるリモートリソースの読み込みは拒否されるようになります。(理由: `Access-Control-Allow-Headers` が `*` の場合でも `Authorization` ヘッダーは対象にならない。`Authorization` ヘッダーを含めるには、CORS ヘッダー `Access-Control-Allow-Headers` に明示的に列挙する必要がある)。",
    },
    'ko': {
        'CORSDisabled': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 비활성화).",
        'CORSDidNotSucceed2': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 요청이 성공하지 못함). 상태 코드: %2$S.",
        'CORSOriginHeaderNotAdded': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Origin’ 을 추가할 수 없음).",
        'CORSRequestNotHttp': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: http가 아닌 CORS 요청).",
        'CORSMissingAllowOrigin2': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: ‘Access-Control-Allow-Origin’ CORS 헤더가 없음). 상태 코드: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: 여러개의 ‘Access-Control-Allow-Origin’ CORS 헤더 허용되지 않음).",
        'CORSAllowOriginNotMatchingOrigin': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: ‘Access-Control-Allow-Origin’ CORS 헤더가 ‘%2$S’와 일치하지 않음).",
        'CORSNotSupportingCredentials': "교차 출처 요청 차단: 동일 출처 정책으로 인해 ‘%1$S’에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Origin’이 ‘*’이면 자격 증명이 지원되지 않음).",
        'CORSMethodNotFound': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Methods’의 메서드가 없음).",
        'CORSMissingAllowCredentials': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Credentials’이 ‘true’이어야 함).",
        'CORSPreflightDidNotSucceed3': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 사전 점검 응답이 성공하지 못함). 상태 코드: %2$S.",
        'CORSInvalidAllowMethod': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Methods’에 유효하지 않은 토큰 ‘%2$S’).",
        'CORSInvalidAllowHeader': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Headers’에 유효하지 않은 토큰 ‘%2$S’).",
        'CORSMissingAllowHeaderFromPreflight2': "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 사전 점검 응답의 헤더 ‘Access-Control-Allow-Headers’에 따라 헤더 ‘%2$S’가 허용되지 않음).",
        'CORSAllowHeaderFromPreflightDeprecation': "교차 출처 요청 경고: 동일 출처 정책은 곧 %1$S에서 원격 리소스 읽기를 허용하지 않습니다. (이유: `Access-Control-Allow-Headers`가 `*`인 경우 `Authorization` 헤더는 포함되지 않습니다. `Authorization` 헤더를 포함하려면 CORS 헤더 `Access-Control-Allow-Headers`에 명시적으로 나열되어야 합니다).",
    },
    'pl': {
        'CORSDisabled': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (wyłączone CORS).",
        'CORSDidNotSucceed2': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (nieudane żądanie CORS). Kod stanu: %2$S.",
        'CORSOriginHeaderNotAdded': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (nie można dodać nagłówka CORS „Origin”).",
        'CORSRequestNotHttp': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (żądanie CORS inne niż HTTP).",
        'CORSMissingAllowOrigin2': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (brakujący nagłówek CORS „Access-Control-Allow-Origin”). Kod stanu: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (niedozwolone powtórzenie nagłówka CORS „Access-Control-Allow-Origin”).",
        'CORSAllowOriginNotMatchingOrigin': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (nagłówek CORS „Access-Control-Allow-Origin” nie pasuje do „%2$S”).",
        'CORSNotSupportingCredentials': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (uwierzytelnianie nie jest obsługiwane, jeżeli nagłówek CORS „Access-Control-Allow-Origin” to „*”).",
        'CORSMethodNotFound': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (metoda nie odnaleziona w nagłówku CORS „Access-Control-Allow-Methods”).",
        'CORSMissingAllowCredentials': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (oczekiwano „true” w nagłówku CORS „Access-Control-Allow-Credentials”).",
        'CORSPreflightDidNotSucceed3': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (żądanie CORS OPTIONS się nie powiodło). Kod stanu: %2$S.",
        'CORSInvalidAllowMethod': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (nieprawidłowy token „%2$S” w nagłówku CORS „Access-Control-Allow-Methods”).",
        'CORSInvalidAllowHeader': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (nieprawidłowy token „%2$S” w nagłówku CORS „Access-Control-Allow-Headers”).",
        'CORSMissingAllowHeaderFromPreflight2': "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (niedozwolony nagłówek „%2$S” według nagłówka „Access-Control-Allow-Headers” w odpowiedzi „preflight” CORS).",
        'CORSAllowHeaderFromPreflightDeprecation': "Ostrzeżenie żądania do zasobu innego pochodzenia: zasady „Same Origin Policy” wkrótce przestaną pozwalać wczytywać zdalne zasoby z „%1$S” (kiedy „Access-Control-Allow-Headers” ma wartość „*”, nagłówek „Authorization” nie jest uwzględniany. Aby dołączyć nagłówek „Authorization”, musi on być bezpośrednio wymieniony w nagłówku CORS „Access-Control-Allow-Headers”).",
    },
    'pt-br': {
        'CORSDisabled': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: CORS desativado).",
        'CORSDidNotSucceed2': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na requisição CORS). Código de status: %2$S.",
        'CORSOriginHeaderNotAdded': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho ‘Origin’ do CORS não pode ser adicionado).",
        'CORSRequestNotHttp': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: requisição CORS não é http).",
        'CORSMissingAllowOrigin2': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falta cabeçalho 'Access-Control-Allow-Origin' no CORS). Código de status: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: não é permitido vários cabeçalhos ‘Access-Control-Allow-Origin’ no CORS).",
        'CORSAllowOriginNotMatchingOrigin': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho 'Access-Control-Allow-Origin' do CORS não corresponde a '%2$S').",
        'CORSNotSupportingCredentials': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em ‘%1$S’ (motivo: credencial não suportada se o cabeçalho ‘Access-Control-Allow-Origin’ do CORS for ‘*’).",
        'CORSMethodNotFound': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: método não encontrado no cabeçalho 'Access-Control-Allow-Methods' do CORS ).",
        'CORSMissingAllowCredentials': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: esperado 'true' no cabeçalho 'Access-Control-Allow-Credentials' do CORS).",
        'CORSPreflightDidNotSucceed3': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na resposta de comprovação (preflight) do CORS). Código de status: %2$S.",
        'CORSInvalidAllowMethod': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token '%2$S' inválido no cabeçalho 'Access-Control-Allow-Methods' do CORS).",
        'CORSInvalidAllowHeader': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token ‘%2$S’ inválido no cabeçalho 'Access-Control-Allow-Headers' do CORS).",
        'CORSMissingAllowHeaderFromPreflight2': "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: header ‘%2$S’ não permitido, de acordo com o header ‘Access-Control-Allow-Headers’ da resposta de comprovação (preflight) do CORS).",
        'CORSAllowHeaderFromPreflightDeprecation': "Aviso de requisição de origem cruzada (cross-origin): A diretiva de mesma origem (same origin) em breve não permitirá a leitura do recurso remoto em %1$S. Motivo: quando o valor de `Access-Control-Allow-Headers` é `*`, o cabeçalho `Authorization` não é coberto. Para incluir o cabeçalho `Authorization`, ele deve ser incluído explicitamente no cabeçalho CORS `Access-Control-Allow-Headers`.",
    },
    'ru': {
        'CORSDisabled': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: CORS отключён).",
        'CORSDidNotSucceed2': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: не удалось выполнить запрос CORS). Код состояния: %2$S.",
        'CORSOriginHeaderNotAdded': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: Не удалось добавить CORS-заголовок «Origin»).",
        'CORSRequestNotHttp': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: запрос CORS выполнен не по http).",
        'CORSMissingAllowOrigin2': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены).",
        'CORSAllowOriginNotMatchingOrigin': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «%2$S»).",
        'CORSNotSupportingCredentials': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на «%1$S». (Причина: Учётные данные не поддерживаются, если заголовок CORS «Access-Control-Allow-Origin» установлен в «*»).",
        'CORSMethodNotFound': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: Не найден метод в заголовке CORS «Access-Control-Allow-Methods»).",
        'CORSMissingAllowCredentials': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: в заголовке CORS «Access-Control-Allow-Credentials» ожидалось «true»).",
        'CORSPreflightDidNotSucceed3': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: неудача ответа CORS preflight). Код состояния: %2$S.",
        'CORSInvalidAllowMethod': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Methods»).",
        'CORSInvalidAllowHeader': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Headers»).",
        'CORSMissingAllowHeaderFromPreflight2': "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: заголовок «%2$S» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight).",
        'CORSAllowHeaderFromPreflightDeprecation': "Предупреждение о запросе из постороннего источника: Политика одного источника скоро запретит чтение удалённого ресурса в %1$S. (Причина: когда «Access-Control-Allow-Headers» имеет значение «*», заголовок «Authorization» не охватывается. Чтобы включить заголовок «Authorization», он должен быть явно указан в заголовке CORS «Access-Control-Allow-Headers»).",
    },
    'tr': {
        'CORSDisabled': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS devre dışı.)",
        'CORSDidNotSucceed2': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS isteği başarısız oldu.) Durum kodu: %2$S.",
        'CORSOriginHeaderNotAdded': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS ‘Origin’ üst bilgisi eklenemedi.)",
        'CORSRequestNotHttp': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS isteği http değil.)",
        'CORSMissingAllowOrigin2': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Origin’ eksik.) Durum kodu: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: Birden fazla ‘Access-Control-Allow-Origin’ CORS üst bilgisine izin verilmiyor.)",
        'CORSAllowOriginNotMatchingOrigin': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Origin’, ‘%2$S’ ile eşleşmiyor.)",
        'CORSNotSupportingCredentials': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, ‘%1$S’ üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Origin’ değeri ‘*’ ise kimlik bilgisi desteklenmez.)",
        'CORSMethodNotFound': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Methods’ta metot bulunamadı.)",
        'CORSMissingAllowCredentials': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Credentials’ta ‘true’ değeri bekleniyordu.)",
        'CORSPreflightDidNotSucceed3': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS preflight yanıtı başarısız oldu.) Durum kodu: %2$S.",
        'CORSInvalidAllowMethod': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Methods’ta geçersiz ‘%2$S’ jetonu.)",
        'CORSInvalidAllowHeader': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Headers’ta geçersiz ‘%2$S’ jetonu.)",
        'CORSMissingAllowHeaderFromPreflight2': "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS preflight yanıtındaki ‘Access-Control-Allow-Headers’ CORS üst bilgisine göre ‘%2$S’ üst bilgisine izin verilmiyor.)",
        'CORSAllowHeaderFromPreflightDeprecation': "Çapraz köken isteği uyarısı: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına yakında izin vermemeye başlayacak. (Sebep: `Access-Control-Allow-Headers` değeri `*` olduğunda `Authorization` üst bilgisi dikkate alınmaz. `Authorization` üst bilgisini dahil etmek için `Access-Control-Allow-Headers` adlı CORS üst bilgisine eklemelisiniz.",
    },
    'uk': {
        'CORSDisabled': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: CORS вимкнено).",
        'CORSDidNotSucceed2': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: запит CORS не вдався). Код стану: %2$S.",
        'CORSOriginHeaderNotAdded': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Заголовок CORS ‘Origin’ не може бути додано).",
        'CORSRequestNotHttp': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: запит CORS виконано не по http).",
        'CORSMissingAllowOrigin2': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: відсутній заголовок CORS ‘Access-Control-Allow-Origin’). Код стану: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Численні заголовки CORS 'Access-Control-Allow-Origin' не дозволено).",
        'CORSAllowOriginNotMatchingOrigin': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: заголовок CORS 'Access-Control-Allow-Origin' не відповідає '%2$S').",
        'CORSNotSupportingCredentials': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на ‘%1$S’. (Причина: Посвідчення не підтримується, якщо заголовок CORS ‘Access-Control-Allow-Origin’ відповідає ‘*’).",
        'CORSMethodNotFound': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Не знайдено метод в заголовку CORS 'Access-Control-Allow-Methods').",
        'CORSMissingAllowCredentials': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: очікувалось 'true' в заголовку CORS 'Access-Control-Allow-Credentials').",
        'CORSPreflightDidNotSucceed3': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: невдача відповіді CORS preflight). Код стану: %2$S.",
        'CORSInvalidAllowMethod': "Запит зі стороннього джерела заблоковано. Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: недійсний токен ‘%2$S’ у заголовку CORS ‘Access-Control-Allow-Methods’).",
        'CORSInvalidAllowHeader': "Запит зі стороннього джерела заблоковано. Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: недійсний токен ‘%2$S’ у заголовку CORS ‘Access-Control-Allow-Headers’).",
        'CORSMissingAllowHeaderFromPreflight2': "Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: заголовок ‘%2$S’ не дозволений в заголовку ‘Access-Control-Allow-Headers’ від відповіді CORS preflight).",
        'CORSAllowHeaderFromPreflightDeprecation': "Попередження щодо запиту між джерелами: Політика того самого джерела незабаром заборонить читати віддалений ресурс на %1$S. (Причина: коли `Access-Control-Allow-Headers` має значення `*`, заголовок `Authorization` не охоплюється. Щоб включити заголовок `Authorization`, його потрібно явно вказати в заголовку CORS `Access-Control-Allow-Headers`).",
    },
    'vi': {
        'CORSDisabled': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: CORS bị vô hiệu hóa).",
        'CORSDidNotSucceed2': "Yêu cầu Cross-Origin bị chặn: Chính sách Same Origin không cho phép đọc tài nguyên từ xa tại %1$S. (Lý do: Yêu cầu CORS không thành công). Mã trạng thái: %2$S.",
        'CORSOriginHeaderNotAdded': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: Không thể thêm CORS header ‘Origin’).",
        'CORSRequestNotHttp': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: CORS yêu cầu không http).",
        'CORSMissingAllowOrigin2': "Yêu cầu Cross-Origin bị chặn: Chính sách Same Origin không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: CORS header thiếu ‘Access-Control-Allow-Origin’). Mã trạng thái: %2$S.",
        'CORSMultipleAllowOriginNotAllowed': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: Nhiều CORS header ‘Access-Control-Allow-Origin’ không được cho phép).",
        'CORSAllowOriginNotMatchingOrigin': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: CORS header ‘Access-Control-Allow-Origin’ không khớp với ‘%2$S’).",
        'CORSNotSupportingCredentials': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: Chứng chỉ không được hỗ trợ nếu CORS header ‘Access-Control-Allow-Origin’ là ‘*’).",
        'CORSMethodNotFound': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: Không tìm thấy phương thức trong CORS header ‘Access-Control-Allow-Methods’).",
        'CORSMissingAllowCredentials': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: phải là giá trị ‘true’ trong CORS header ‘Access-Control-Allow-Credentials’).",
        'CORSPreflightDidNotSucceed3': "Yêu cầu Cross-Origin bị chặn: Chính sách Same Origin không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: CORS preflight phản hồi không thành công). Mã trạng thái: %2$S.",
        'CORSInvalidAllowMethod': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: token ‘%2$S’ không hợp lệ trong CORS header ‘Access-Control-Allow-Methods’).",
        'CORSInvalidAllowHeader': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: token ‘%2$S’ không hợp lệ trong CORS header ‘Access-Control-Allow-Headers’).",
        'CORSMissingAllowHeaderFromPreflight2': "Yêu cầu Cross-Origin đã bị chặn: Same Origin Policy không cho phép đọc tài nguyên từ xa ở %1$S. (Lý do: header ‘%2$S’ không được phép theo header ‘Access-Control-Allow-Headers’ từ CORS preflight response).",
        'CORSAllowHeaderFromPreflightDeprecation': "Cảnh báo yêu cầu Cross-Origin: Same Origin Policy sẽ không cho phép đọc tài nguyên từ xa tại %1$S trong tương lai. (Lý do: Khi `Access-Control-Allow-Headers` là `*`, header `Authorization` sẽ không được bao gồm. Để thêm header `Authorization`, nó phải được liệt kê rõ ràng trong header CORS `Access-Control-Allow-Headers`).",
    },
    'zh-tw': {
        'CORSDisabled': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 已停用 CORS）。",
        'CORSDidNotSucceed2': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 請求未成功）。狀態代碼: %2$S。",
        'CORSOriginHeaderNotAdded': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 無法新增 CORS 'Origin' 檔頭）。",
        'CORSRequestNotHttp': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 請求未使用 http 通訊協定）。",
        'CORSMissingAllowOrigin2': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 缺少 CORS 'Access-Control-Allow-Origin' 檔頭）。狀態代碼: %2$S。",
        'CORSMultipleAllowOriginNotAllowed': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 不允許有多個「Access-Control-Allow-Origin」CORS 標頭）。",
        'CORSAllowOriginNotMatchingOrigin': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Origin' 檔頭不符合「%2$S」）。",
        'CORSNotSupportingCredentials': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Origin' 設定為「*」時不支援使用帳號密碼）。",
        'CORSMethodNotFound': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Methods' 檔頭中找不到方法）。",
        'CORSMissingAllowCredentials': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Credentials' 檔頭應為 'true'）。",
        'CORSPreflightDidNotSucceed3': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS preflight 回應並未成功）。狀態代碼: %2$S。",
        'CORSInvalidAllowMethod': "已封鎖跨來源請求：同源政策不允許讀取 %1$S 的遠端資源。（原因：CORS「Access-Control-Allow-Methods」檔頭中的 token「%2$S」無效）。",
        'CORSInvalidAllowHeader': "已封鎖跨來源請求：同源政策不允許讀取 %1$S 的遠端資源。（原因：CORS「Access-Control-Allow-Headers」檔頭中的 token「%2$S」無效）。",
        'CORSMissingAllowHeaderFromPreflight2': "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 根據 CORS preflight 回應的 'Access-Control-Allow-Headers' 內容，不允許使用檔頭「%2$S」）。",
        'CORSAllowHeaderFromPreflightDeprecation': "跨來源請求警告：同源政策即將不允許讀取位於 %1$S 的遠端資源。（原因:「Access-Control-Allow-Headers」為「*」時，還不包含「Authorization」標頭。若要包含「Authorization」標頭，必須在「Access-Control-Allow-Headers」當中明確列出）。",
    },
}

# ---------------------------------------------------------------------------
# Firefox en-US (gecko-dev dom/locales/en-US/chrome/security/security.properties)
# ---------------------------------------------------------------------------
_FXB = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
FX_EN = {
    "CORSDisabled": _FXB + "%1$S. (Reason: CORS disabled).",
    "CORSDidNotSucceed2": _FXB + "%1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
    "CORSOriginHeaderNotAdded": _FXB + "%1$S. (Reason: CORS header ‘Origin’ cannot be added).",
    "CORSRequestNotHttp": _FXB + "%1$S. (Reason: CORS request not http).",
    "CORSMissingAllowOrigin2": _FXB + "%1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
    "CORSMultipleAllowOriginNotAllowed": _FXB + "%1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
    "CORSAllowOriginNotMatchingOrigin": _FXB + "%1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).",
    "CORSNotSupportingCredentials": _FXB + "‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
    "CORSMethodNotFound": _FXB + "%1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
    "CORSMissingAllowCredentials": _FXB + "%1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
    "CORSPreflightDidNotSucceed3": _FXB + "%1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
    "CORSInvalidAllowMethod": _FXB + "%1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).",
    "CORSInvalidAllowHeader": _FXB + "%1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).",
    "CORSMissingAllowHeaderFromPreflight2": _FXB + "%1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
    "CORSAllowHeaderFromPreflightDeprecation": "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
}
# Older en-US keys (before the status-code / "preflight response" rewording).
FX_EN_OLD = {
    "CORSDidNotSucceed": _FXB + "%1$S. (Reason: CORS request did not succeed).",
    "CORSMissingAllowOrigin": _FXB + "%1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).",
    "CORSPreflightDidNotSucceed2": _FXB + "%1$S. (Reason: CORS preflight channel did not succeed).",
    "CORSMissingAllowHeaderFromPreflight": _FXB + "%1$S. (Reason: missing token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).",
}
FX_REASON = {
    "CORSDisabled": "cors_disabled",
    "CORSDidNotSucceed2": "did_not_succeed", "CORSDidNotSucceed": "did_not_succeed",
    "CORSOriginHeaderNotAdded": "origin_header_not_added",
    "CORSRequestNotHttp": "cors_disabled_scheme",
    "CORSMissingAllowOrigin2": "missing_allow_origin", "CORSMissingAllowOrigin": "missing_allow_origin",
    "CORSMultipleAllowOriginNotAllowed": "multiple_allow_origin",
    "CORSAllowOriginNotMatchingOrigin": "allow_origin_mismatch",
    "CORSNotSupportingCredentials": "wildcard_origin_with_credentials",
    "CORSMethodNotFound": "method_not_allowed",
    "CORSMissingAllowCredentials": "invalid_allow_credentials",
    "CORSPreflightDidNotSucceed3": "preflight_invalid_status", "CORSPreflightDidNotSucceed2": "preflight_invalid_status",
    "CORSInvalidAllowMethod": "invalid_allow_methods",
    "CORSInvalidAllowHeader": "invalid_allow_headers",
    "CORSMissingAllowHeaderFromPreflight2": "header_not_allowed", "CORSMissingAllowHeaderFromPreflight": "header_not_allowed",
    "CORSAllowHeaderFromPreflightDeprecation": "authorization_not_covered_by_wildcard",
}

# ---------------------------------------------------------------------------
# Chromium strings
# ---------------------------------------------------------------------------
NOCORS_LONG = (" Have the server send the header with a valid value, or, if an opaque "
               "response serves your needs, set the request's mode to 'no-cors' to "
               "fetch the resource with CORS disabled.")
NOCORS_SHORT = " Have the server send the header with a valid value."
OPAQUE_HINT = (" If an opaque response serves your needs, set the request's mode to "
               "'no-cors' to fetch the resource with CORS disabled.")
XHR_CRED = (" The credentials mode of requests initiated by the XMLHttpRequest is "
            "controlled by the withCredentials attribute.")
PREFLIGHT = "Response to preflight request doesn't pass access control check: "
# SchemeRegistry::ListOfCorsEnabledURLSchemes() output over the years
SCHEME_LISTS = [
    "http, data, chrome, chrome-extension, https, chrome-extension-resource",
    "http, data, chrome, chrome-extension, https",
    "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted",
]
CR_KIND_WORD = {"fetch": "fetch", "xhr": "XMLHttpRequest", "font": "font", "script": "script",
                "image": "image", "css": "CSS stylesheet", "manifest": "manifest",
                "video": "video", "audio": "audio", "svg": "SVG document"}
CR_KIND_WORD_OLD = {"font": "Font", "script": "Script", "image": "Image", "css": "CSS stylesheet",
                    "xhr": "XMLHttpRequest"}
AUTH_WILDCARD_DEPRECATION_I = [0]
AUTH_WILDCARD_DEPRECATION = [
    '[Deprecation] "Authorization" will not be covered by the wildcard symbol (*)in CORS "Access-Control-Allow-Headers" handling.',
    "[Deprecation] Authorization will not be covered by the wildcard symbol (*) in CORS `Access-Control-Allow-Headers` handling.",
]

# ---------------------------------------------------------------------------
# Value pools (invented hosts; varied shapes)
# ---------------------------------------------------------------------------
API_HOSTS = [
    "api.tallyhq.io", "backend.orchard-lab.dev", "auth.kestrel-sso.com", "api.weatherly.app",
    "hooks.paperplane.dev", "cms.greenleaf-coop.org", "data.rivertown.gov", "api.staging.shopfront.io",
    "gateway.fincore.eu", "svc.lumen-analytics.net", "api.kinderpost.de", "xn--bcher-kva.example",
    "api.xn--80ak6aa92e.com", "xn--caf-dma.example", "rest.nordlicht-shop.se", "api.pawtrack.vet",
    "my-bucket-42.s3.eu-central-1.amazonaws.com", "us-central1-quill-7f3a2.cloudfunctions.net",
    "quill-prod.firebaseio.com", "search.bluefin-docs.io", "api.m.kodama-games.jp", "bff.hexa-bank.internal",
    "api-dev.cartwheel.co.uk", "tiles.openmaps-mirror.org", "graph.mintleaf.ai", "sso.univ-lyon-exemple.fr",
    "api.dev.local", "cdn.mediahub.tv", "ws.stockpulse.in", "api.xn--mgbh0fb.example",
]
LOCAL_HOSTS = [
    "localhost:8080", "localhost:5000", "127.0.0.1:8000", "localhost:3001", "127.0.0.1:5001",
    "[::1]:8000", "192.168.1.37:3001", "10.0.0.12:9200", "172.17.0.2:8080", "localhost:7071",
    "localhost:44321", "127.0.0.1:8787", "localhost:1337", "[::1]:3000", "192.168.178.20:8123",
]
IPV6_HOSTS = ["[2001:db8:85a3::8a2e:370:7334]", "[2001:db8::7]:8443", "[fd12:3456:789a:1::20]:8080"]
API_PATHS = [
    "/api/v1/users", "/graphql", "/oauth/token", "/api/auth/login", "/v2/invoices?status=open&page=3",
    "/api/items/", "/predict", "/upload", "/api/cart/add", "/rest/V1/products?searchCriteria[pageSize]=20",
    "/socket.io/?EIO=4&transport=polling&t=OxK3z1a", "/wp-json/wp/v2/posts?per_page=10&_embed",
    "/token?grant_type=refresh_token", "/api/session", "/v1/chat/completions", "/api/orders/8812/cancel",
    "/.netlify/functions/contact", "/api/export.csv?from=2024-01-01&to=2024-03-31", "/health",
    "/api/v3/search?q=red%20shoes&sort=price_asc&limit=48&offset=96&filters=%7B%22size%22%3A%5B%2242%22%5D%7D",
    "/forecast?lat=52.52&lon=13.405&units=metric", "/api/me", "/v1/projects/demo/databases/(default)/documents/users",
    "/sendMail", "/logs-*/_search?size=50", "/api/devices/42/state", "/api/", "/", "/login",
    "/api/v1/employees/search?name=M%C3%BCller&dept=R%26D", "/odata/Customers?$top=20&$filter=Country%20eq%20%27DE%27",
]
FONT_URLS = [
    "https://cdn.fontsprout.net/inter/Inter-Var.woff2", "https://static.mediahub.tv/fonts/icons.ttf?v=4.7.0",
    "https://assets.greenleaf-coop.org/fonts/Lato-Bold.woff", "https://d1x9k2pq7ab3.cloudfront.net/fonts/fa-solid-900.woff2",
    "https://my-bucket-42.s3.eu-central-1.amazonaws.com/fonts/NotoSansJP-Regular.otf",
]
SCRIPT_URLS = [
    "https://widgets.chatbubble.io/loader.js", "http://localhost:5173/src/main.ts",
    "https://cdn.shopfront.io/app/chunk-7f3a2c.js", "https://unpkg-mirror.example.net/three@0.160.0/build/three.module.js",
]
IMAGE_URLS = [
    "https://images.pixelbarn.co/photos/1234.jpg?w=800&fit=crop", "https://tiles.openmaps-mirror.org/14/8800/5373.png",
    "https://quill-prod.firebasestorage.app/o/avatars%2Fu_91.png?alt=media&token=4e1c9a2b-77d0-4c4e-9f0e-2b7d1f3a6c55",
    "http://192.168.1.37:3001/snapshots/cam1.jpg", "https://cdn.mediahub.tv/posters/ep-0412.webp",
]
MEDIA_URLS = ["https://cdn.mediahub.tv/hls/ep-0412/master.m3u8", "https://media.kinderpost.de/audio/folge-17.mp3"]
CSS_URLS = ["https://cdn.shopfront.io/theme/main.3f9c.css", "https://assets.greenleaf-coop.org/css/print.css"]
MANIFEST_URLS = ["https://app.tallyhq.io/manifest.webmanifest", "https://static.mintleaf.ai/site.webmanifest"]

DEV_ORIGINS = ["http://localhost:3000", "http://localhost:4200", "http://localhost:5173", "http://127.0.0.1:5500",
               "http://localhost:8081", "http://localhost:19006", "http://localhost:8080", "http://localhost:3001",
               "http://127.0.0.1:8080", "http://[::1]:5173", "http://192.168.0.14:8080", "http://localhost:5174"]
PROD_ORIGINS = ["https://app.tallyhq.io", "https://www.greenleaf-coop.org", "https://staging.shopfront.io",
                "https://dashboard.lumen-analytics.net", "https://kinderpost.de", "https://jdoe.github.io",
                "https://preview-pr-214--brisk-otter-1a2b3c.netlify.app", "https://quill-7f3a2.web.app",
                "https://myapp-git-feature-login-acme.vercel.app", "https://xn--caf-dma.example",
                "chrome-extension://ohkgjpdefjmnbckhmjgcajlkdpibmnbd", "https://admin.hexa-bank.example:8443",
                "https://www.xn--80ak6aa92e.com", "http://intranet.corp.local", "https://app.pawtrack.vet"]

METHODS = ["PUT", "DELETE", "PATCH", "POST", "PROPFIND"]
HEADERS_LOWER = ["authorization", "content-type", "x-api-key", "x-requested-with", "x-csrf-token",
                 "cache-control", "x-tenant-id", "apollo-require-preflight", "x-amz-date", "access-control-allow-origin"]
HEADERS_CASED = ["Authorization", "Content-Type", "X-Api-Key", "X-Requested-With", "X-CSRF-Token", "Cache-Control"]
STATUS = [400, 401, 403, 404, 405, 500, 502, 503]
ACAO_MULTI = ["https://app.tallyhq.io, https://app.tallyhq.io", "*, *", "http://localhost:3000, https://kinderpost.de",
              "http://localhost:4200 http://localhost:4300", "https://staging.shopfront.io,https://www.shopfront.io"]
ACAO_INVALID = ["", "tallyhq.io", "*.greenleaf-coop.org", "true", "localhost:3000", "https://*.vercel.app"]


def pick(seq):
    return seq[rng.randrange(len(seq))]


def rand_token(n, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(pick(alphabet) for _ in range(n))


def long_query():
    return ("?utm_source=newsletter&utm_medium=email&session=" + rand_token(24)
            + "&sig=" + rand_token(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            + "&expires=" + str(1700000000 + rng.randrange(90000000)))


def make_api_url(local_bias=0.3):
    r = rng.random()
    if r < local_bias:
        host = pick(LOCAL_HOSTS)
        scheme = "http"
    elif r < local_bias + 0.05:
        host = pick(IPV6_HOSTS)
        scheme = "https"
    else:
        host = pick(API_HOSTS)
        scheme = "https" if rng.random() < 0.9 else "http"
        if rng.random() < 0.1:
            host += pick([":8443", ":4000", ":9000"])
    path = pick(API_PATHS)
    if rng.random() < 0.08 and "?" not in path:
        path += long_query()
    return f"{scheme}://{host}{path}"


def make_res_url(kind):
    if kind == "font":
        return pick(FONT_URLS)
    if kind == "script":
        return pick(SCRIPT_URLS)
    if kind == "image":
        return pick(IMAGE_URLS)
    if kind in ("video", "audio"):
        return pick(MEDIA_URLS)
    if kind == "css":
        return pick(CSS_URLS)
    if kind == "manifest":
        return pick(MANIFEST_URLS)
    return make_api_url()


def make_origin(dev_bias=0.55):
    return pick(DEV_ORIGINS) if rng.random() < dev_bias else pick(PROD_ORIGINS)


def mismatch_value(origin):
    """An Access-Control-Allow-Origin value that is not the page origin."""
    choices = ["null", "https://www.greenleaf-coop.org", "https://tallyhq.io", "http://localhost:3001"]
    if origin.startswith("http"):
        choices.append(origin + "/")                        # trailing slash
        choices.append(origin + "/")
        if origin.startswith("https://"):
            choices.append("http://" + origin[8:])         # scheme differs
        else:
            choices.append("https://" + origin[7:])
        if "localhost" in origin:
            choices.append(origin.replace("localhost", "127.0.0.1"))
    v = pick(choices)
    return v if v != origin else origin + "/"


def make_origin_for(url, dev_bias=0.55):
    """A page origin that is cross-origin to url."""
    while True:
        o = make_origin(dev_bias)
        if "://" not in url or url_origin(url) != o:
            return o


def url_origin(url):
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0]
    return f"{scheme}://{host}"


# ---------------------------------------------------------------------------
# Chromium message builders
# ---------------------------------------------------------------------------
def cr_current_desc(reason, kind, v, gen):
    fetch = kind == "fetch"
    xhr = kind == "xhr"
    nocors = (NOCORS_LONG if gen == "2020" else NOCORS_SHORT) if fetch else ""
    pre = PREFLIGHT if v.get("preflight") else ""
    if reason == "missing_allow_origin":
        return pre + "No 'Access-Control-Allow-Origin' header is present on the requested resource." + (OPAQUE_HINT if fetch and gen == "2020" else "")
    if reason == "wildcard_origin_with_credentials":
        return pre + ("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' "
                      "when the request's credentials mode is 'include'.") + (XHR_CRED if xhr else "")
    if reason == "multiple_allow_origin":
        return pre + f"The 'Access-Control-Allow-Origin' header contains multiple values '{v['acao']}', but only one is allowed." + nocors
    if reason == "invalid_allow_origin":
        return pre + f"The 'Access-Control-Allow-Origin' header contains the invalid value '{v['acao']}'." + nocors
    if reason == "allow_origin_mismatch":
        return pre + f"The 'Access-Control-Allow-Origin' header has a value '{v['acao']}' that is not equal to the supplied origin." + nocors
    if reason == "invalid_allow_credentials":
        return pre + (f"The value of the 'Access-Control-Allow-Credentials' header in the response is '{v['acac']}' which must be "
                      "'true' when the request's credentials mode is 'include'.") + (XHR_CRED if xhr else "")
    if reason == "disallowed_by_mode":
        return "Cross origin requests are not allowed by request mode."
    if reason == "invalid_response":
        return "The response is invalid."
    if reason == "cors_disabled_scheme":
        return f"Cross origin requests are only supported for protocol schemes: {v['schemes']}."
    if reason == "preflight_invalid_status":
        return PREFLIGHT + "It does not have HTTP ok status."
    if reason == "preflight_redirect":
        return PREFLIGHT + "Redirect is not allowed for a preflight request."
    if reason == "invalid_allow_methods":
        return "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
    if reason == "invalid_allow_headers":
        return "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
    if reason == "method_not_allowed":
        return f"Method {v['method']} is not allowed by Access-Control-Allow-Methods in preflight response."
    if reason == "header_not_allowed":
        return f"Request header field {v['header']} is not allowed by Access-Control-Allow-Headers in preflight response."
    if reason == "redirect_contains_credentials":
        return f"Redirect location '{v['location']}' contains a username and password, which is disallowed for cross-origin requests."
    raise KeyError(reason)


def cr_current(reason, kind, url, origin, v, gen, redirected_from=None):
    word = CR_KIND_WORD[kind]
    s = f"Access to {word} at '{url}' "
    if redirected_from:
        s += f"(redirected from '{redirected_from}') "
    s += f"from origin '{origin}' has been blocked by CORS policy: " + cr_current_desc(reason, kind, v, gen)
    return s


def cr_old_desc(reason, kind, v, origin, era):
    od = f" Origin '{origin}' is therefore not allowed access."
    fetch = kind == "fetch"
    xhr = kind == "xhr"
    pre = PREFLIGHT if v.get("preflight") else ""
    if reason == "missing_allow_origin":
        s = pre + "No 'Access-Control-Allow-Origin' header is present on the requested resource." + od
        if v.get("status", 0) >= 400:
            s += f" The response had HTTP status code {v['status']}."
        if fetch:
            s += OPAQUE_HINT
        return s
    if reason == "wildcard_origin_with_credentials":
        if era == "2015":
            return pre + "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true." + od
        return (pre + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the "
                "request's credentials mode is 'include'." + od + (XHR_CRED if xhr else ""))
    if reason == "multiple_allow_origin":
        return pre + f"The 'Access-Control-Allow-Origin' header contains multiple values '{v['acao']}', but only one is allowed." + od + (NOCORS_LONG if fetch else "")
    if reason == "invalid_allow_origin":
        return pre + f"The 'Access-Control-Allow-Origin' header contains the invalid value '{v['acao']}'." + od + (NOCORS_LONG if fetch else "")
    if reason == "allow_origin_mismatch":
        return pre + f"The 'Access-Control-Allow-Origin' header has a value '{v['acao']}' that is not equal to the supplied origin." + od + (NOCORS_LONG if fetch else "")
    if reason == "invalid_allow_credentials":
        if era == "2015":
            return pre + f"Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{v['acac']}'. It must be 'true' to allow credentials." + od
        return (pre + f"The value of the 'Access-Control-Allow-Credentials' header in the response is '{v['acac']}' which must be 'true' "
                "when the request's credentials mode is 'include'." + od + (XHR_CRED if xhr else ""))
    if reason == "invalid_response":
        return "Invalid response." + od
    if reason == "preflight_invalid_status":
        if era == "2015":
            return f"Response for preflight has invalid HTTP status code {v['status']}"
        return "Response for preflight does not have HTTP ok status."
    if reason == "preflight_redirect":
        return "Response for preflight is invalid (redirect)"
    if reason == "method_not_allowed":
        return f"Method {v['method']} is not allowed by Access-Control-Allow-Methods in preflight response."
    if reason == "header_not_allowed":
        return f"Request header field {v['header']} is not allowed by Access-Control-Allow-Headers in preflight response."
    if reason == "invalid_allow_methods":
        return "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
    if reason == "cors_disabled_scheme":
        return f"Cross origin requests are only supported for protocol schemes: {v['schemes']}."
    if reason == "origin_not_allowed":
        return f"Origin {origin} is not allowed by Access-Control-Allow-Origin."
    raise KeyError(reason)


def cr_old(wrapper, reason, kind, url, origin, v, era):
    d = cr_old_desc(reason, kind, v, origin, era)
    if wrapper == "xhr":
        return f"XMLHttpRequest cannot load {url}. {d}"
    if wrapper == "fetchapi":
        return f"Fetch API cannot load {url}. {d}"
    if wrapper == "failed":
        return f"Failed to load {url}: {d}"
    if wrapper == "access_cap":
        return f"Access to {CR_KIND_WORD_OLD[kind]} at '{url}' from origin '{origin}' has been blocked by CORS policy: {d}"
    if wrapper == "from_origin":
        return (f"{CR_KIND_WORD_OLD[kind]} from origin '{url_origin(url)}' has been blocked from loading by "
                f"Cross-Origin Resource Sharing policy: {d}")
    raise KeyError(wrapper)


# ---------------------------------------------------------------------------
# Safari / WebKit builders
# ---------------------------------------------------------------------------
def sf_desc(reason, v, origin, new=True):
    if reason == "origin_not_allowed":
        return f"Origin {origin} is not allowed by Access-Control-Allow-Origin." + (f" Status code: {v['status']}" if new else "")
    if reason == "wildcard_origin_with_credentials":
        return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
    if reason == "multiple_allow_origin":
        return "Access-Control-Allow-Origin cannot contain more than one origin."
    if reason == "invalid_allow_credentials":
        return 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".'
    if reason == "preflight_invalid_status":
        return f"Preflight response is not successful. Status code: {v['status']}" if new else "Preflight response is not successful"
    if reason == "method_not_allowed":
        return f"Method {v['method']} is not allowed by Access-Control-Allow-Methods."
    if reason == "header_not_allowed":
        return f"Request header field {v['header']} is not allowed by Access-Control-Allow-Headers."
    if reason == "invalid_allow_methods":
        return f"Header Access-Control-Allow-Methods has an invalid value: {v['bad']}"
    if reason == "invalid_allow_headers":
        return f"Header Access-Control-Allow-Headers has an invalid value: {v['bad']}"
    if reason == "cors_disabled_scheme":
        return "Cross origin requests are only supported for HTTP."
    if reason == "redirect_not_cors_scheme":
        return "Redirection to URL with a scheme that is not HTTP(S)." if new else "not allowed to follow a cross-origin CORS redirection with non CORS scheme"
    if reason == "redirect_contains_credentials":
        return f"redirection URL {v['location']} has credentials"
    if reason == "opaque_origin":
        return "Cannot make any requests from null."
    raise KeyError(reason)


SF_LOADERS = {"fetch": "Fetch API cannot load ", "xhr": "XMLHttpRequest cannot load ",
              "eventsource": "EventSource cannot load ", "other": "Cannot load "}


def sf_loc(url):
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "localhost"
    return f" ({name}, line 0)"


def sf_lines(desc, url, loader="fetch", layout="three", script_loc=None):
    """Safari Web Inspector copy: '[Error] ' before, ' (file, line N)' after."""
    acc = f"[Error] {SF_LOADERS[loader]}{url} due to access control checks." + (script_loc or "")
    if layout == "desc":
        return f"[Error] {desc}"
    if layout == "two":
        return f"[Error] {desc}\n{acc}"
    if layout == "three":
        return f"[Error] {desc}\n{acc}\n[Error] Failed to load resource: {desc}{sf_loc(url)}"
    if layout == "failed_only":
        return f"[Error] Failed to load resource: {desc}{sf_loc(url)}"
    if layout == "acc_only":
        return acc
    raise KeyError(layout)


def fx_fill(tpl, url, arg2=None):
    s = tpl.replace("%1$S", url)
    if arg2 is not None:
        s = s.replace("%2$S", str(arg2))
    return s


FX_ARG2 = {
    "CORSDidNotSucceed2": lambda: pick(["(null)", "(null)", "404", "502", "504"]),
    "CORSMissingAllowOrigin2": lambda: pick(["200", "200", "404", "500", "401", "301", "403"]),
    "CORSAllowOriginNotMatchingOrigin": lambda: pick(["http://localhost:3000", "https://app.tallyhq.io/", "null",
                                                     "https://www.greenleaf-coop.org", "http://127.0.0.1:5500", "*.shopfront.io"]),
    "CORSPreflightDidNotSucceed3": lambda: pick(["404", "405", "403", "401", "500", "(null)"]),
    "CORSInvalidAllowMethod": lambda: pick(["GET;POST", "GET POST", "*;"]),
    "CORSInvalidAllowHeader": lambda: pick(["content-type;authorization", "x-token x-id", "Content-Type:"]),
    "CORSMissingAllowHeaderFromPreflight2": lambda: pick(["content-type", "authorization", "x-api-key", "x-requested-with", "apollo-require-preflight"]),
    "CORSMissingAllowHeaderFromPreflight": lambda: pick(["content-type", "authorization", "x-requested-with"]),
}


def fx_message(key, url, table=None):
    table = table or FX_EN
    tpl = table[key]
    arg2 = FX_ARG2[key]() if key in FX_ARG2 else None
    return fx_fill(tpl, url, arg2), arg2


# ---------------------------------------------------------------------------
# Damage (applied to some pastes; each returns new text)
# ---------------------------------------------------------------------------
def d_wrap_words(text, width):
    out = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            while len(word) > width:                       # long token (URL): hard cut
                room = width - len(line) - (1 if line else 0)
                if room < 10:
                    out.append(line)
                    line = ""
                    room = width
                piece, word = word[:room], word[room:]
                line = (line + " " + piece) if line else piece
                out.append(line)
                line = ""
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                out.append(line)
                line = word
        out.append(line)
    return "\n".join(out)


def d_wrap_hard(text, width):
    out = []
    for para in text.split("\n"):
        while len(para) > width:
            out.append(para[:width])
            para = para[width:]
        out.append(para)
    return "\n".join(out)


def d_curly(text):
    """Word-processor smart quotes: apostrophes -> ’, quote pairs -> ‘…’."""
    res = []
    for i, ch in enumerate(text):
        if ch == "'":
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev.isalpha() and nxt.isalpha():
                res.append("’")
            elif prev in " (\n\t`":
                res.append("‘")
            else:
                res.append("’")
        else:
            res.append(ch)
    return "".join(res)


def d_whitespace(text):
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        out.append(w)
        if i < len(words) - 1:
            out.append(pick([" ", " ", " ", "  ", "   "]))
    return "  " + "".join(out) + pick([" ", "  ", "\t", " \n"])


CHROME_LOCS = ["index.js:42", "VM12:1", "(index):1", "localhost/:1", "main.3f9c2a.js:2", "api.ts:18",
               "xhr.js:247", "app.component.ts:57", "login:1", "dispatchXhrRequest.js:60", "VM1184:1"]


def chrome_noise_after(url, method="GET", xhr=False):
    loc = pick(CHROME_LOCS)
    opts = [
        "Understand this error",
        f"{loc}     {method} {url} net::ERR_FAILED 200 (OK)",
        f"{loc}  {method} {url} net::ERR_FAILED",
        f"Failed to load resource: net::ERR_FAILED",
        f"{loc} Uncaught (in promise) TypeError: Failed to fetch\n    at loadData ({loc.split(':')[0]}:{rng.randrange(5, 300)}:{rng.randrange(3, 40)})",
        "AxiosError: Network Error\n    at XMLHttpRequest.handleError (xhr.js:172:14)" if xhr else "TypeError: Failed to fetch",
    ]
    if xhr:
        opts = [x for x in opts if "Failed to fetch" not in x]
    k = rng.randrange(1, 4)
    picked = rng.sample(opts, k)
    if "Understand this error" not in picked and rng.random() < 0.5:
        picked.insert(0, "Understand this error")
    return "\n".join(picked)


def timestamp():
    return f"{rng.randrange(0, 24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d}"


DAMAGES = ["wrap_words", "wrap_hard", "fence", "inline_backticks", "md_backticks", "quote", "curly",
           "no_period", "double", "whitespace", "loc_prefix", "noise_after", "timestamp", "mid_url"]


def apply_damage(text, browser, url, origin, names):
    """Returns (paste, url, origin, applied-notes)."""
    notes = []
    full_url = url
    if browser != "chromium":
        names = [{"md_backticks": "inline_backticks", "curly": "timestamp"}.get(n, n) for n in names]
    # content-level first
    if "mid_url" in names and url and url in text:
        i = text.index(url)
        cut = i + rng.randrange(len(url) // 4, len(url) // 2)
        text = text[cut:]
        url = url[cut - i:]
        notes.append("starts mid-URL")
    if "md_backticks" in names and browser == "chromium":
        if url and f"'{url}'" in text:
            text = text.replace(f"'{url}'", f"`{url}`", 1)
        if origin and f"'{origin}'" in text:
            text = text.replace(f"'{origin}'", f"`{origin}`", 1)
        notes.append("quotes->backticks")
    if "curly" in names:
        text = d_curly(text)
        notes.append("curly quotes")
    if "no_period" in names and text.endswith("."):
        text = text[:-1]
        notes.append("no final period")
    if "double" in names:
        text = text + "\n" + text
        notes.append("doubled")
    if "loc_prefix" in names:
        if browser == "chromium":
            text = pick(CHROME_LOCS) + " " + text
        elif browser == "safari":
            text = text.replace("[Error] ", "[Error]  ", 1)
        else:
            text = text + " " + pick(["app.js:12:9", "[Learn More]", "main.js:88:17"])
        notes.append("source location")
    if "timestamp" in names:
        text = timestamp() + " " + text
        notes.append("timestamp")
    if "noise_after" in names:
        if browser == "chromium":
            text = text + "\n" + chrome_noise_after(full_url or "https://api.example.invalid/", pick(["GET", "POST"]),
                                                    "XMLHttpRequest" in text)
        elif browser == "firefox":
            text = text + "\n" + pick(["TypeError: NetworkError when attempting to fetch resource.",
                                        "Uncaught (in promise) TypeError: NetworkError when attempting to fetch resource.",
                                        "[Learn More]\nTypeError: NetworkError when attempting to fetch resource."])
        else:
            text = text + "\n" + pick(["[Error] Unhandled Promise Rejection: TypeError: Load failed",
                                        "[Error] TypeError: Load failed"])
        notes.append("console noise")
    if "whitespace" in names:
        text = d_whitespace(text)
        notes.append("extra whitespace")
    if "wrap_words" in names:
        w = rng.randrange(60, 81)
        text = d_wrap_words(text, w)
        notes.append(f"wrapped at {w}")
    elif "wrap_hard" in names:
        w = rng.randrange(60, 81)
        text = d_wrap_hard(text, w)
        notes.append(f"hard-cut every {w} chars")
    if "inline_backticks" in names and "\n" not in text:
        text = "`" + text + "`"
        notes.append("inline backticks")
    if "quote" in names:
        text = "\n".join("> " + ln for ln in text.split("\n"))
        notes.append("> quoted")
    if "fence" in names:
        text = "```" + pick(["", "", "js", "text", "console", "bash"]) + "\n" + text + "\n```"
        notes.append("code fence")
    return text, url, origin, notes


def normalize_for_check(paste):
    """Undo the damage: drop fences and '> ', join hard-wrapped lines."""
    lines = []
    for ln in paste.split("\n"):
        s = ln
        if s.startswith("```"):
            continue
        if s.startswith("> "):
            s = s[2:]
        lines.append(s.strip())
    return "".join(lines)


# ---------------------------------------------------------------------------
# Entry generation
# ---------------------------------------------------------------------------
REASONS = {
    "disallowed_by_mode", "invalid_response", "wildcard_origin_with_credentials", "missing_allow_origin",
    "multiple_allow_origin", "invalid_allow_origin", "allow_origin_mismatch", "origin_not_allowed",
    "access_control_checks", "invalid_allow_credentials", "cors_disabled_scheme", "preflight_invalid_status",
    "preflight_redirect", "invalid_allow_methods", "invalid_allow_headers", "method_not_allowed",
    "header_not_allowed", "authorization_not_covered_by_wildcard", "redirect_contains_credentials",
    "redirect_not_cors_scheme", "local_network_access", "private_network", "cors_disabled", "did_not_succeed",
    "origin_header_not_added", "opaque_origin",
}
ENTRIES = []


def add(kind, browser, paste, url, origin, reason, note, redacted=False):
    ENTRIES.append({"kind": kind, "browser": browser, "paste": paste, "url": url, "origin": origin,
                    "reason": reason, "redacted": redacted, "note": note})


def weighted(pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for item, w in pairs:
        r -= w
        if r < 0:
            return item
    return pairs[-1][0]


def expand(plan):
    out = []
    for item, n in plan:
        out += [item] * n
    rng.shuffle(out)
    return out


PREFLIGHTABLE = {"missing_allow_origin", "wildcard_origin_with_credentials", "multiple_allow_origin",
                 "invalid_allow_origin", "allow_origin_mismatch", "invalid_allow_credentials"}


def values_for(reason, origin, kind):
    v = {"status": pick(STATUS), "method": pick(METHODS), "header": pick(HEADERS_LOWER)}
    if reason == "multiple_allow_origin":
        v["acao"] = pick(ACAO_MULTI)
    elif reason == "invalid_allow_origin":
        v["acao"] = pick(ACAO_INVALID)
    elif reason == "allow_origin_mismatch":
        v["acao"] = mismatch_value(origin)
    elif reason == "invalid_allow_credentials":
        v["acac"] = pick(["", "", "false", "True", "TRUE", "1"])
    if reason in PREFLIGHTABLE and kind in ("fetch", "xhr") and rng.random() < 0.3:
        v["preflight"] = True
    return v


def cr_standard_one(reason):
    """A current-wording Chromium console line. Returns paste, url, origin, note."""
    gen = "2020" if rng.random() < 0.6 else "2025"
    if reason == "authorization_not_covered_by_wildcard":
        i = AUTH_WILDCARD_DEPRECATION_I[0]
        AUTH_WILDCARD_DEPRECATION_I[0] += 1
        return AUTH_WILDCARD_DEPRECATION[i % 2], None, None, "deprecation warning, no URL"
    if reason == "cors_disabled_scheme":
        origin = make_origin(0.8)
        form = rng.randrange(3)
        if form == 0:
            url = pick(["localhost:3000/api/users", "localhost:8080/login", "127.0.0.1:5000/predict", "api.tallyhq.io/v2/items"])
            v = {"schemes": pick(SCHEME_LISTS[1:])}
            return cr_current(reason, "xhr", url, origin, v, gen), url, origin, "URL typed without http://"
        if form == 1:
            url = pick(["webcal://calendar.greenleaf-coop.org/events.ics", "ftp://files.rivertown.gov/pub/data.csv"])
            sch = url.split(":", 1)[0]
            return f'Fetch API cannot load {url}. URL scheme "{sch}" is not supported.', url, None, "fetch of non-http scheme"
        url = pick(["capacitor://localhost/_capacitor_file_/data/app/cache.json", "app://./config/settings.json"])
        v = {"schemes": pick(SCHEME_LISTS[1:])}
        return cr_current(reason, "xhr", url, origin, v, gen), url, origin, "custom app scheme"
    if reason == "disallowed_by_mode":
        url = make_api_url()
        origin = make_origin_for(url)
        if rng.random() < 0.5:
            return (f"Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as "
                    f"the request origin {origin}."), url, origin, "fetch mode same-origin"
        kind = pick(["fetch", "script"])
        if kind == "script":
            url = pick(SCRIPT_URLS)
        return cr_current(reason, kind, url, origin, {}, gen), url, origin, f"{kind}, request mode"
    if reason == "redirect_contains_credentials":
        url = make_api_url(0.1)
        origin = make_origin_for(url)
        loc = pick(["https://admin:s3cret@files.orchard-lab.dev/export.zip", "https://user:pass@cdn.mediahub.tv/private/ep.m3u8",
                    "http://deploy:hunter2@192.168.1.37:3001/api/status"])
        kind = pick(["fetch", "xhr"])
        return cr_current(reason, kind, url, origin, {"location": loc}, gen), url, origin, f"{kind}, redirect to userinfo URL"
    if reason in ("preflight_invalid_status", "preflight_redirect", "method_not_allowed", "header_not_allowed",
                  "invalid_allow_methods", "invalid_allow_headers", "invalid_response"):
        kind = pick(["fetch", "fetch", "xhr"])
    elif reason == "missing_allow_origin":
        kind = weighted([("fetch", 10), ("xhr", 7), ("font", 3), ("image", 3), ("script", 2), ("css", 1),
                         ("manifest", 1), ("video", 1), ("audio", 1)])
    else:
        kind = weighted([("fetch", 6), ("xhr", 5), ("font", 1), ("image", 1), ("script", 1)])
    url = make_res_url(kind)
    origin = make_origin_for(url)
    if rng.random() < 0.04:
        origin = "null"
    v = values_for(reason, origin, kind)
    redirected = None
    if reason == "missing_allow_origin" and kind in ("fetch", "xhr") and rng.random() < 0.12:
        redirected = url
        url = (f"https://login.kestrel-sso.com/authorize?client_id={rand_token(12)}&response_type=code"
               f"&redirect_uri=https%3A%2F%2F{url_origin(redirected).split('://')[1]}%2Fcallback&state={rand_token(16)}")
    msg = cr_current(reason, kind, url, origin, v, gen, redirected)
    note = f"{CR_KIND_WORD[kind]}" + (", preflight" if v.get("preflight") else "") + (", redirected" if redirected else "")
    if reason in ("allow_origin_mismatch", "invalid_allow_origin", "multiple_allow_origin"):
        note += f", ACAO '{v['acao']}'"
    return msg, url, origin, note


# ---- 1. standard Chromium ----
CR_STD_PLAN = [("missing_allow_origin", 27), ("allow_origin_mismatch", 9), ("wildcard_origin_with_credentials", 8),
               ("multiple_allow_origin", 6), ("invalid_allow_origin", 5), ("invalid_allow_credentials", 5),
               ("preflight_invalid_status", 10), ("preflight_redirect", 4), ("method_not_allowed", 6),
               ("header_not_allowed", 9), ("invalid_allow_methods", 2), ("invalid_allow_headers", 2),
               ("disallowed_by_mode", 3), ("invalid_response", 2), ("redirect_contains_credentials", 3),
               ("authorization_not_covered_by_wildcard", 2), ("cors_disabled_scheme", 3)]
for reason in expand(CR_STD_PLAN):
    paste, url, origin, note = cr_standard_one(reason)
    add("standard", "chromium", paste, url, origin, reason, note)

# ---- 2. standard Firefox (en-US) ----
FX_STD_PLAN = [("CORSMissingAllowOrigin2", 6), ("CORSAllowOriginNotMatchingOrigin", 3), ("CORSDidNotSucceed2", 3),
               ("CORSPreflightDidNotSucceed3", 3), ("CORSMissingAllowHeaderFromPreflight2", 2),
               ("CORSMultipleAllowOriginNotAllowed", 1), ("CORSNotSupportingCredentials", 1), ("CORSMethodNotFound", 1),
               ("CORSMissingAllowCredentials", 1), ("CORSDisabled", 1), ("CORSOriginHeaderNotAdded", 1),
               ("CORSInvalidAllowHeader", 1), ("CORSAllowHeaderFromPreflightDeprecation", 1)]
for key in expand(FX_STD_PLAN):
    kind = "fetch" if key != "CORSMissingAllowOrigin2" else weighted([("fetch", 5), ("font", 1), ("image", 1)])
    url = make_res_url(kind)
    paste, arg2 = fx_message(key, url)
    add("standard", "firefox", paste, url, None, FX_REASON[key], f"en-US {key}" + (f", {arg2}" if arg2 else ""))

# ---- 3. standard Safari ----
SF_STD_PLAN = [("origin_not_allowed", 7), ("access_control_checks", 4), ("preflight_invalid_status", 2),
               ("wildcard_origin_with_credentials", 1), ("multiple_allow_origin", 1), ("invalid_allow_credentials", 1),
               ("method_not_allowed", 1), ("header_not_allowed", 2), ("invalid_allow_headers", 1)]
for reason in expand(SF_STD_PLAN):
    url = make_api_url()
    origin = make_origin_for(url)
    loader = pick(["fetch", "fetch", "xhr"])
    if reason == "access_control_checks":
        if rng.random() < 0.5:
            paste = sf_lines("", url, loader, "acc_only", pick([None, f" ({pick(['app.js', 'main.8c1e.js', 'index.html'])}, line {rng.randrange(2, 400)})"]))
        else:
            paste = sf_lines("", url, loader, "acc_only") + "\n" + pick(["[Error] Unhandled Promise Rejection: TypeError: Load failed",
                                                                         "[Error] TypeError: Load failed"])
        add("standard", "safari", paste, url, None, reason, f"{loader}, access control checks only")
        continue
    v = {"status": pick(STATUS + [200, 200, 204]), "method": pick(METHODS), "header": pick(HEADERS_CASED),
         "bad": pick(["x-token;x-id", "Content-Type Authorization"])}
    desc = sf_desc(reason, v, origin, True)
    layout = pick(["desc", "two", "three", "three"]) if reason == "origin_not_allowed" else pick(["two", "three", "desc"])
    paste = sf_lines(desc, url, loader, layout)
    has_url = layout in ("two", "three")
    has_origin = reason == "origin_not_allowed"
    add("standard", "safari", paste, url if has_url else None, origin if has_origin else None, reason,
        f"{layout} line(s), {loader}")

# ---- 4. older Chromium wordings ----
old_specs = [
    ("xhr", "missing_allow_origin", "xhr", {"status": 404}, "2017", "XHR cannot load, status 404"),
    ("xhr", "missing_allow_origin", "xhr", {"status": 200}, "2015", "XHR cannot load"),
    ("xhr", "missing_allow_origin", "xhr", {"status": 405, "preflight": True}, "2017", "XHR cannot load, preflight 405"),
    ("fetchapi", "missing_allow_origin", "fetch", {"status": 0}, "2017", "Fetch API cannot load"),
    ("fetchapi", "allow_origin_mismatch", "fetch", {"acao": "trailing"}, "2017", "Fetch API cannot load, trailing slash"),
    ("failed", "missing_allow_origin", "fetch", {"status": 500}, "2018", "Failed to load, status 500"),
    ("failed", "preflight_invalid_status", "xhr", {}, "2018", "Failed to load, no HTTP ok status"),
    ("failed", "method_not_allowed", "xhr", {"method": "DELETE"}, "2018", "Failed to load, method"),
    ("failed", "header_not_allowed", "xhr", {"header": "Content-Type"}, "2018", "Failed to load, header"),
    ("access_cap", "missing_allow_origin", "font", {"status": 0}, "2018", "Access to Font (capitalised)"),
    ("access_cap", "missing_allow_origin", "image", {"status": 403}, "2018", "Access to Image, status 403"),
    ("from_origin", "missing_allow_origin", "font", {"status": 0}, "2015", "Font from origin ... CORS policy"),
    ("from_origin", "missing_allow_origin", "script", {"status": 0}, "2015", "Script from origin ... CORS policy"),
    ("xhr", "preflight_invalid_status", "xhr", {"status": 405}, "2015", "invalid HTTP status code, no period"),
    ("xhr", "preflight_redirect", "xhr", {}, "2015", "preflight invalid (redirect)"),
    ("xhr", "invalid_allow_credentials", "xhr", {"acac": ""}, "2015", "Credentials flag is 'true'"),
    ("xhr", "wildcard_origin_with_credentials", "xhr", {}, "2015", "A wildcard '*' cannot be used"),
    ("xhr", "origin_not_allowed", "xhr", {}, "2012", "pre-Blink WebKit wording in Chrome"),
    ("failed", "invalid_response", "xhr", {}, "2018", "Invalid response"),
    ("xhr", "multiple_allow_origin", "xhr", {"acao": "http://localhost:3000, http://localhost:3000"}, "2017", "multiple values"),
    ("failed", "invalid_allow_methods", "fetch", {}, "2018", "cannot parse Allow-Methods"),
]
for wrapper, reason, kind, v, era, note in old_specs:
    url = make_res_url(kind)
    origin = make_origin_for(url)
    if v.get("acao") == "trailing":
        v["acao"] = origin + "/" if origin.startswith("http") else "https://app.tallyhq.io/"
    paste = cr_old(wrapper, reason, kind, url, origin, v, era)
    purl = url_origin(url) if wrapper == "from_origin" else url
    porigin = origin if (origin in paste and reason != "preflight_invalid_status") else None
    if reason in ("preflight_invalid_status", "preflight_redirect", "method_not_allowed", "header_not_allowed",
                  "invalid_allow_methods"):
        porigin = None
    add("old_wording", "chromium", paste, purl, porigin, reason, note)

# redirect era messages
A = "https://api.tallyhq.io/v2/me"
B = "https://auth.kestrel-sso.com/login?next=%2Fv2%2Fme"
O = "http://localhost:4200"
add("old_wording", "chromium",
    f"Failed to load {A}: Redirect from '{A}' to '{B}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' "
    f"header is present on the requested resource. Origin '{O}' is therefore not allowed access.",
    A, O, "missing_allow_origin", "Redirect from A to B (Failed to load)")
A2 = "http://localhost:8080/files/latest"
B2 = "itms-services://?action=download-manifest&url=https://dl.pawtrack.vet/app.plist"
add("old_wording", "chromium",
    f"XMLHttpRequest cannot load {A2}. Redirect from '{A2}' has been blocked by CORS policy: Redirect location '{B2}' "
    "has a disallowed scheme for cross-origin requests.", A2, None, "redirect_not_cors_scheme", "redirect to non-http scheme")
A3 = "https://cdn.shopfront.io/exports/orders.csv"
B3 = "https://svc:Pa55word@storage.fincore.eu/orders.csv"
add("old_wording", "chromium",
    f"Failed to load {A3}: Redirect from '{A3}' to '{B3}' has been blocked by CORS policy: Redirect location '{B3}' "
    "contains a username and password, which is disallowed for cross-origin requests.", A3, None,
    "redirect_contains_credentials", "Redirect from A to B, userinfo")
A4 = "https://backend.orchard-lab.dev/api/report"
add("old_wording", "chromium",
    f"Failed to load '{A4}': Cross origin requests are not allowed by request mode.", A4, None,
    "disallowed_by_mode", "Failed to load 'X', request mode")

# older Firefox en-US
for key in ["CORSPreflightDidNotSucceed2", "CORSMissingAllowHeaderFromPreflight", "CORSMissingAllowOrigin", "CORSDidNotSucceed"]:
    url = make_api_url()
    paste, arg2 = fx_message(key, url, FX_EN_OLD)
    add("old_wording", "firefox", paste, url, None, FX_REASON[key], f"older en-US {key}")

# ---- 5. Safari variants ----
def sv(paste, url, origin, reason, note):
    add("safari_variant", "safari", paste, url, origin, reason, note)


u = make_api_url()
og = make_origin_for(u)
sv(f"[Error] XMLHttpRequest cannot load {u}. Origin {og} is not allowed by Access-Control-Allow-Origin.", u, og,
   "origin_not_allowed", "old WebKit XHR wording")
u, og = "http://192.168.1.37:3001/api/devices", "http://localhost:8100"
sv(f"XMLHttpRequest cannot load {u}. Origin {og} is not allowed by Access-Control-Allow-Origin.", u, og,
   "origin_not_allowed", "old WebKit, no [Error] prefix")
u = make_api_url()
og = make_origin_for(u)
sv(sf_lines(f"Origin {og} is not allowed by Access-Control-Allow-Origin. Status code: 200", u, "fetch", "three",
            f" ({pick(['api.ts', 'useQuery.js', 'index.js'])}, line {rng.randrange(10, 300)})"), u, og,
   "origin_not_allowed", "three lines with script location")
u = make_api_url()
og = make_origin_for(u)
sv(sf_lines(f"Origin {og} is not allowed by Access-Control-Allow-Origin. Status code: 404", u, "xhr", "failed_only"), None, og,
   "origin_not_allowed", "Failed to load resource only")
u = make_api_url()
sv(sf_lines("Preflight response is not successful", u, "xhr", "failed_only") + "\n" +
   f"[Error] XMLHttpRequest cannot load {u} due to access control checks.", u, None,
   "preflight_invalid_status", "older preflight wording, no status")
u = pick(IMAGE_URLS)
sv(f"[Error] Cannot load image {u} due to access control checks.", u, None, "access_control_checks", "image")
u = make_api_url()
sv(f"[Error] XMLHttpRequest cannot load {u} due to access control checks. ({pick(['vendor.js', 'bundle.js'])}, line 2)", u, None,
   "access_control_checks", "XHR with location")
u = "https://stream.stockpulse.in/v1/ticks?symbols=INFY,TCS"
sv(f"[Error] EventSource cannot load {u} due to access control checks.", u, None, "access_control_checks", "EventSource")
u = "https://svc.lumen-analytics.net/go/app"
sv(sf_lines("Redirection to URL with a scheme that is not HTTP(S).", u, "fetch", "two"), u, None,
   "redirect_not_cors_scheme", "redirect to custom scheme")
u = "https://api.kinderpost.de/v1/open-in-app"
sv(f"[Error] Failed to load resource: not allowed to follow a cross-origin CORS redirection with non CORS scheme\n"
   f"[Error] Fetch API cannot load {u} due to access control checks.", u, None, "redirect_not_cors_scheme",
   "network-process redirect wording")
u = "https://cdn.shopfront.io/exports/latest.json"
sv(sf_lines("redirection URL https://ops:letmein@storage.fincore.eu/latest.json has credentials", u, "fetch", "two"), u, None,
   "redirect_contains_credentials", "redirect with userinfo")
u = "https://api.weatherly.app/forecast?lat=48.85&lon=2.35"
sv(f"[Error] XMLHttpRequest cannot load {u}. Cannot make any requests from null.", u, "null", "opaque_origin",
   "old WebKit, sandboxed/opaque origin")
u = make_api_url()
og = make_origin_for(u)
sv(sf_lines("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", u, "fetch", "three"), u, None,
   "wildcard_origin_with_credentials", "three lines")
u = make_api_url()
sv(f"[Error] XMLHttpRequest cannot load {u}. Method PATCH is not allowed by Access-Control-Allow-Methods.", u, None,
   "method_not_allowed", "old wrapper, method")
u = make_api_url()
sv(sf_lines("Header Access-Control-Allow-Methods has an invalid value: GET; POST; OPTIONS", u, "fetch", "three"), u, None,
   "invalid_allow_methods", "three lines, invalid Allow-Methods")

# ---- 6. Firefox in other languages ----
LOCALES = sorted(FX_L10N)
FX_LOC_PLAN = [("CORSMissingAllowOrigin2", 6), ("CORSAllowOriginNotMatchingOrigin", 3), ("CORSDidNotSucceed2", 3),
               ("CORSPreflightDidNotSucceed3", 2), ("CORSMissingAllowHeaderFromPreflight2", 2),
               ("CORSNotSupportingCredentials", 1), ("CORSMultipleAllowOriginNotAllowed", 1), ("CORSMethodNotFound", 1),
               ("CORSRequestNotHttp", 1), ("CORSMissingAllowCredentials", 1), ("CORSInvalidAllowHeader", 1)]
loc_order = LOCALES[:]
rng.shuffle(loc_order)
loc_keys = expand(FX_LOC_PLAN)
for i, key in enumerate(loc_keys):
    loc = loc_order[i % len(loc_order)]
    if FX_L10N[loc][key].startswith("Cross-Origin Request Blocked"):   # untranslated in this langpack
        key = next(k for k in ("CORSAllowOriginNotMatchingOrigin", "CORSPreflightDidNotSucceed3", "CORSMultipleAllowOriginNotAllowed",
                               "CORSMissingAllowCredentials") if not FX_L10N[loc][k].startswith("Cross-Origin Request Blocked"))
    url = "file:///C:/Users/ana/Desktop/site/data/items.json" if key == "CORSRequestNotHttp" else make_res_url(
        pick(["fetch", "fetch", "fetch", "font"]))
    paste, arg2 = fx_message(key, url, FX_L10N[loc])
    add("firefox_locale", "firefox", paste, url, None, FX_REASON[key], f"{loc} {key}" + (f", {arg2}" if arg2 else ""))

# ---- 7. pages opened from disk ----
FILE_URLS = ["file:///C:/Users/Maria/Desktop/projekt/data.json", "file:///home/dev/site/assets/config.json",
             "file:///Users/kim/Documents/map/tiles/meta.json", "file:///D:/xampp/htdocs/app/js/modules/app.js",
             "file:///storage/emulated/0/Download/report/index.json", "file:///C:/Users/J%C3%BCrgen/Downloads/quiz/questions.json",
             "file:///Users/sam/code/three-demo/models/scene.gltf"]
fu = FILE_URLS
add("file_origin", "chromium",
    cr_current("cors_disabled_scheme", "xhr", fu[0], "null", {"schemes": SCHEME_LISTS[2]}, "2025"), fu[0], "null",
    "cors_disabled_scheme", "XHR file:// from origin null, current scheme list")
add("file_origin", "chromium",
    cr_current("cors_disabled_scheme", "script", fu[3], "null", {"schemes": SCHEME_LISTS[1]}, "2020"), fu[3], "null",
    "cors_disabled_scheme", "module script from disk")
add("file_origin", "chromium",
    cr_current("cors_disabled_scheme", "fetch", fu[6], "null", {"schemes": SCHEME_LISTS[2]}, "2025"), fu[6], "null",
    "cors_disabled_scheme", "fetch file:// gltf")
add("file_origin", "chromium",
    f'Fetch API cannot load {fu[5]}. URL scheme "file" is not supported.', fu[5], None, "cors_disabled_scheme",
    "fetch: URL scheme file not supported")
add("file_origin", "chromium",
    f"XMLHttpRequest cannot load {fu[1]}. Cross origin requests are only supported for protocol schemes: {SCHEME_LISTS[0]}.",
    fu[1], None, "cors_disabled_scheme", "old XHR wording, old scheme list")
u = "http://localhost:5000/api/scores"
add("file_origin", "chromium", cr_current("missing_allow_origin", "fetch", u, "null", {}, "2020"), u, "null",
    "missing_allow_origin", "page from disk calling local API")
u = "https://tiles.openmaps-mirror.org/10/550/335.png"
add("file_origin", "chromium", cr_current("missing_allow_origin", "image", u, "null", {}, "2025"), u, "null",
    "missing_allow_origin", "canvas image from disk page")
u = "https://tiles.openmaps-mirror.org"
add("file_origin", "chromium",
    f"Image from origin '{u}' has been blocked from loading by Cross-Origin Resource Sharing policy: Invalid response. "
    "Origin 'null' is therefore not allowed access.", u, "null", "invalid_response", "old resource wording, origin null")
add("file_origin", "firefox", fx_fill(FX_EN["CORSRequestNotHttp"], fu[2]), fu[2], None, "cors_disabled_scheme",
    "en-US request not http")
add("file_origin", "firefox", fx_fill(FX_EN["CORSRequestNotHttp"], fu[4]), fu[4], None, "cors_disabled_scheme",
    "en-US request not http, android path")
u = "http://127.0.0.1:8000/api/todos"
add("file_origin", "firefox", fx_fill(FX_EN["CORSMissingAllowOrigin2"], u, "200"), u, None, "missing_allow_origin",
    "file page -> local API")
add("file_origin", "safari", sf_lines(sf_desc("cors_disabled_scheme", {}, None), fu[2], "xhr", "two"), fu[2], None,
    "cors_disabled_scheme", "only supported for HTTP")
u = "http://localhost:8080/api/data"
add("file_origin", "safari", sf_lines("Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200", u, "fetch", "three"),
    u, "null", "origin_not_allowed", "origin null from disk")
add("file_origin", "safari", "[Error] Cannot make any requests from null.\n"
    f"[Error] XMLHttpRequest cannot load {fu[1]} due to access control checks.", fu[1], "null", "opaque_origin",
    "older Safari, file page")

# ---- 8. Private / Local Network Access (Chromium) ----
LN = []
pub = ["https://app.tallyhq.io", "https://dashboard.lumen-analytics.net", "http://intranet.corp.local",
       "https://jdoe.github.io", "http://kinderpost.de"]
LN.append(("http://192.168.1.1/cgi-bin/status.json", "http://kinderpost.de", "fetch",
           "The request client is not a secure context and the resource is in more-private address space `private`.",
           "private_network", "insecure client -> private"))
LN.append(("http://10.0.0.12:9200/logs/_search", "http://dashboard.lumen-analytics.net", "xhr",
           "The request client is not a secure context and the resource is in more-private address space `private`.",
           "private_network", "insecure client -> private (xhr)"))
LN.append(("http://192.168.178.20:8123/api/states", "https://jdoe.github.io", "fetch",
           PREFLIGHT + "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this "
           "private network request targeting the `private` address space.", "private_network", "PNA preflight missing header"))
LN.append(("http://localhost:11434/api/generate", "https://app.tallyhq.io", "fetch",
           PREFLIGHT + "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this "
           "private network request targeting the `local` address space.", "private_network", "PNA preflight to localhost"))
LN.append(("http://192.168.0.50:8080/print", "https://admin.hexa-bank.example:8443", "fetch",
           PREFLIGHT + "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private "
           "network request targeting the `private` address space had a value of 'false',  not 'true'.",
           "private_network", "PNA header false (double space)"))
LN.append(("http://172.16.4.2/api/v1/config", "https://app.pawtrack.vet", "fetch",
           "Request had a target IP address space of `public` yet the resource is in address space `private`.",
           "private_network", "target space mismatch"))
LN.append(("http://printer.local/ipp/status", "https://www.greenleaf-coop.org", "fetch",
           "Request had no target IP address space, yet the resource is in address space `private`.",
           "private_network", "no target space"))
LN.append(("http://192.168.1.37:3001/api/devices", "https://app.tallyhq.io", "fetch",
           PREFLIGHT + "No 'Private-Network-Access-Id' header was present in the preflight response for this private "
           "network request targeting the `private` address space.", "private_network", "PNA-Id header"))
LN.append(("http://127.0.0.1:8787/bridge", "https://quill-7f3a2.web.app", "fetch",
           "Permission was denied for this request to access the `loopback` address space.",
           "local_network_access", "LNA permission denied, loopback"))
LN.append(("http://192.168.1.20/api/lights", "https://staging.shopfront.io", "fetch",
           "Permission was denied for this request to access the `local` address space.",
           "local_network_access", "LNA permission denied, local"))
LN.append(("http://[fd12:3456:789a:1::20]:8080/metrics", "https://dashboard.lumen-analytics.net", "xhr",
           "Unable to ask for permission to access the `private` IP address space.",
           "local_network_access", "permission prompt unavailable, IPv6 ULA"))
LN.append(("http://localhost:9222/json/version", "http://intranet.corp.local", "fetch",
           "The request client is not a secure context and the resource is in more-private address space `loopback`.",
           "local_network_access", "insecure client -> loopback (LNA era)"))
for url, origin, kind, desc, reason, note in LN:
    add("local_network", "chromium",
        f"Access to {CR_KIND_WORD[kind]} at '{url}' from origin '{origin}' has been blocked by CORS policy: {desc}",
        url, origin, reason, note)
u = "http://192.168.0.1/goform/getStatus"
add("local_network", "chromium",
    f"XMLHttpRequest cannot load {u}. Requests to internal network resources are not allowed from non-secure contexts "
    "(see https://goo.gl/Y0ZkNV). This is an experimental restriction which is part of "
    "'https://mikewest.github.io/cors-rfc1918/'.", u, None, "private_network", "2017 rfc1918 experiment")
u, og = "http://10.1.2.3:8000/api/ping", "https://jdoe.github.io"
add("local_network", "chromium",
    f"Access to fetch at '{u}' from origin '{og}' has been blocked by CORS policy: " + PREFLIGHT +
    "No 'Access-Control-Allow-External' header was present in the preflight response for this external request "
    "(This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').", u, og,
    "private_network", "Allow-External experiment")

# ---- 9. damaged pastes ----
COMBOS = [
    ["loc_prefix", "noise_after"], ["wrap_words"], ["wrap_hard", "fence"], ["md_backticks", "no_period"],
    ["quote", "wrap_words"], ["curly"], ["double"], ["whitespace", "fence"], ["timestamp", "loc_prefix"],
    ["mid_url"], ["inline_backticks", "no_period"], ["noise_after", "fence"], ["curly", "quote"],
    ["loc_prefix", "noise_after", "wrap_words"], ["timestamp", "noise_after"], ["mid_url", "noise_after"],
    ["md_backticks", "quote"], ["wrap_hard"], ["double", "loc_prefix"], ["whitespace", "no_period"],
    ["curly", "wrap_words", "fence"], ["loc_prefix", "noise_after", "timestamp"], ["quote", "no_period"],
    ["inline_backticks"], ["wrap_words", "whitespace"], ["double", "fence"], ["noise_after"], ["md_backticks", "wrap_hard"],
]
dmg_browsers = ["chromium"] * 20 + ["firefox"] * 4 + ["safari"] * 4
rng.shuffle(dmg_browsers)
cr_pool = [r for r, _ in CR_STD_PLAN if r != "authorization_not_covered_by_wildcard"]
for combo, browser in zip(COMBOS, dmg_browsers):
    if browser == "chromium":
        reason = weighted([("missing_allow_origin", 6), ("preflight_invalid_status", 2), ("allow_origin_mismatch", 2),
                           ("wildcard_origin_with_credentials", 2), ("header_not_allowed", 2), ("method_not_allowed", 1),
                           ("multiple_allow_origin", 1), ("invalid_allow_origin", 1), ("preflight_redirect", 1)])
        base, url, origin, _ = cr_standard_one(reason)
    elif browser == "firefox":
        key = pick(["CORSMissingAllowOrigin2", "CORSDidNotSucceed2", "CORSAllowOriginNotMatchingOrigin",
                    "CORSPreflightDidNotSucceed3"])
        url = make_api_url()
        base, _ = fx_message(key, url)
        origin, reason = None, FX_REASON[key]
    else:
        url = make_api_url()
        origin = make_origin_for(url)
        base = sf_lines(f"Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {pick(STATUS)}", url,
                        "fetch", pick(["two", "three"]))
        reason = "origin_not_allowed"
    paste, url2, origin2, notes = apply_damage(base, browser, url, origin, combo)
    if paste.strip() == base.strip():
        paste, url2, origin2, notes2 = apply_damage(paste, browser, url2, origin2, ["noise_after", "quote"])
        notes += notes2
    add("damaged", browser, paste, url2, origin2, reason, ", ".join(notes) or "damaged")

# ---- 10. redacted values ----
def red(browser, paste, url, origin, reason, note):
    add("redacted", browser, paste, url, origin, reason, note, redacted=True)


red("chromium", cr_current("missing_allow_origin", "fetch", "https://XXXXX/api/v1/login", "http://localhost:3000", {}, "2020"),
    "https://XXXXX/api/v1/login", "http://localhost:3000", "missing_allow_origin", "host replaced by XXXXX")
red("chromium", cr_current("preflight_invalid_status", "xhr", "[URL]", "[ORIGIN]", {}, "2025"), "[URL]", "[ORIGIN]",
    "preflight_invalid_status", "[URL]/[ORIGIN] placeholders")
red("chromium", cr_current("wildcard_origin_with_credentials", "xhr", "...", "https://***.com", {}, "2020"), "...",
    "https://***.com", "wildcard_origin_with_credentials", "URL elided, origin starred")
red("chromium", cr_current("header_not_allowed", "fetch", "https://<your-api>/graphql", "https://<your-site>",
                           {"header": "authorization"}, "2025"), "https://<your-api>/graphql", "https://<your-site>",
    "header_not_allowed", "angle-bracket placeholders")
red("chromium", cr_current("missing_allow_origin", "xhr", "https://my-api.com/endpoint", "https://my-site.com", {}, "2020"),
    "https://my-api.com/endpoint", "https://my-site.com", "missing_allow_origin", "my-api.com stand-in")
red("chromium", "Access to fetch at '' from origin '' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header "
    "is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' "
    "to fetch the resource with CORS disabled.", None, None, "missing_allow_origin", "both values blanked")
red("chromium", cr_current("allow_origin_mismatch", "fetch", "https://api.*****.io/v2/orders?customer=*****", "https://app.*****.io",
                           {"acao": "https://app.*****.io/"}, "2020"),
    "https://api.*****.io/v2/orders?customer=*****", "https://app.*****.io", "allow_origin_mismatch",
    "partly starred, trailing slash")
red("chromium", cr_current("method_not_allowed", "fetch", "https://REDACTED.execute-api.eu-west-1.amazonaws.com/prod/items/123",
                           "http://localhost:3000", {"method": "DELETE"}, "2025"),
    "https://REDACTED.execute-api.eu-west-1.amazonaws.com/prod/items/123", "http://localhost:3000", "method_not_allowed",
    "REDACTED api id")
red("chromium", f"Access to font at 'https://cdn.[redacted].com/fonts/brand.woff2' from origin 'https://www.[redacted].com' has "
    "been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    "https://cdn.[redacted].com/fonts/brand.woff2", "https://www.[redacted].com", "missing_allow_origin", "[redacted] hosts")
red("firefox", fx_fill(FX_EN["CORSMissingAllowOrigin2"], "https://xxx.xxx/api/upload", "404"), "https://xxx.xxx/api/upload",
    None, "missing_allow_origin", "xxx host")
red("firefox", fx_fill(FX_EN["CORSAllowOriginNotMatchingOrigin"], "https://api.example.com/…", "https://example.com"),
    "https://api.example.com/…", None, "allow_origin_mismatch", "path elided with ellipsis")
red("safari", sf_lines("Origin https://[redacted] is not allowed by Access-Control-Allow-Origin. Status code: 403",
                       "https://[redacted]/v1/session", "fetch", "two"),
    "https://[redacted]/v1/session", "https://[redacted]", "origin_not_allowed", "[redacted] host")
red("safari", "[Error] Fetch API cannot load *** due to access control checks.", "***", None, "access_control_checks",
    "URL replaced by ***")


# ---------------------------------------------------------------------------
# Finish: shuffle like a bug-tracker sample, number, verify, write
# ---------------------------------------------------------------------------
def verify(entries):
    ids, pastes = set(), set()
    for e in entries:
        assert e["id"] not in ids, e["id"]
        ids.add(e["id"])
        assert e["paste"] not in pastes, ("duplicate paste", e["id"])
        pastes.add(e["paste"])
        assert e["reason"] in REASONS, (e["id"], e["reason"])
        assert e["browser"] in ("chromium", "firefox", "safari"), e["id"]
        if e["browser"] == "firefox":
            assert e["origin"] is None, e["id"]
        if e["url"] and e["origin"] and "://" in e["url"] and not e["redacted"]:
            assert url_origin(e["url"]) != e["origin"], ("same-origin pair", e["id"])
        flat = normalize_for_check(e["paste"])
        for field in ("url", "origin"):
            val = e[field]
            if val is not None:
                assert val in e["paste"] or val in flat, (e["id"], field, val)


def main():
    # re-roll exact duplicate pastes (none expected, but be safe)
    seen = set()
    unique = []
    for e in ENTRIES:
        if e["paste"] in seen:
            continue
        seen.add(e["paste"])
        unique.append(e)
    rng.shuffle(unique)
    out = []
    for i, e in enumerate(unique, 1):
        out.append({"id": f"k{i:03d}", **e})
    verify(out)
    here = os.path.dirname(os.path.abspath(__file__))
    dest = os.path.join(os.path.dirname(here), "console-holdout-2.json")
    with open(dest, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    by = {}
    for e in out:
        by.setdefault(("kind", e["kind"]), 0)
        by[("kind", e["kind"])] += 1
        by.setdefault(("browser", e["browser"]), 0)
        by[("browser", e["browser"])] += 1
        by.setdefault(("reason", e["reason"]), 0)
        by[("reason", e["reason"])] += 1
    print(f"wrote {len(out)} entries to {dest}")
    for k in sorted(by):
        print(f"  {k[0]:8} {k[1]:40} {by[k]}")


if __name__ == "__main__":
    main()
