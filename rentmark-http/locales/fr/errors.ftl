# RentMark — catalogue français (langue par défaut).
# Les codes d'erreur de l'API (« lease.not_found ») deviennent des identifiants
# Fluent en remplaçant « . » par « - ».

## Erreurs générales
error-bad_request = Requête mal formée.
error-unauthorized = Authentification requise.
error-forbidden = Votre rôle ne permet pas cette action.
error-not_found = Ressource introuvable.
error-conflict = Conflit avec l'état actuel.
error-payload_too_large = Corps de requête trop volumineux.
request-unsupported_media_type = Le corps de la requête doit être du JSON (Content-Type: application/json).
error-unprocessable = Valeurs invalides.
error-too_many_requests = Trop de requêtes, réessayez plus tard.
error-internal = Erreur interne, l'incident a été enregistré.
error-unavailable = Service momentanément indisponible.
error-validation = Certaines valeurs sont invalides.

## Authentification
auth-invalid_credentials = Adresse e-mail ou mot de passe incorrect.
auth-email_taken = Cette adresse e-mail est déjà utilisée.
auth-invalid_token = Jeton d'authentification invalide ou expiré.
auth-banned = Ce compte a été suspendu.
auth-not_a_member = Vous n'êtes membre d'aucune organisation.
auth-csrf = Le formulaire a expiré, veuillez réessayer.
auth-account_locked = Trop d'échecs de connexion à ce compte : il est bloqué pour un moment.
auth-too_many_failures = Trop d'échecs de connexion depuis votre réseau.
auth-too_many_signups = Trop d'inscriptions depuis votre réseau.

## Ressources introuvables
user-not_found = Utilisateur introuvable.
org-not_found = Organisation introuvable.
property-not_found = Bien introuvable.
unit-not_found = Logement introuvable.
tenant-not_found = Locataire introuvable.
lease-not_found = Bail introuvable.
payment-not_found = Paiement introuvable.
document-not_found = Document introuvable.

## Conflits
lease-overlap = Ce logement est déjà loué sur une partie de ces dates.
lease-already_ended = Ce bail est déjà terminé.
property-has_leases = Ce bien a des baux : il ne peut pas être supprimé.
property-has_listings = Une annonce présente ce bien : il ne peut pas être supprimé.
unit-has_leases = Ce logement a des baux : il ne peut pas être supprimé.
unit-has_listings = Une annonce présente ce logement : il ne peut pas être supprimé.
payment-deleted = Ce paiement a été supprimé.
payment-changed_concurrently = Ce paiement a été modifié entre-temps, rechargez la page.
payment-tenant_not_on_lease = Ce locataire n'est pas sur ce bail.
user-admin_erasure = Un compte d'administrateur de la plateforme ne peut pas être effacé ainsi.
user-not_erasing = L'effacement de ce compte n'a pas été demandé.
conflict = Conflit avec l'état actuel.

## Validation
validation-required = Ce champ est obligatoire.
validation-too_long = Ce texte est trop long.
validation-invalid_amount = Montant invalide (nombre décimal, deux décimales au plus).
validation-must_be_positive = Le montant doit être supérieur à zéro.
validation-must_not_be_negative = Le montant ne peut pas être négatif.
validation-out_of_range = Valeur hors limites.
validation-invalid_email = Adresse e-mail invalide.
validation-weak_password = Le mot de passe doit compter de 10 à 128 caractères.
validation-invalid_date = Date invalide (format AAAA-MM-JJ).
validation-end_before_start = La date de fin précède la date de début.
validation-invalid_timezone = Fuseau horaire inconnu.
validation-duplicate = Valeur en double.
validation-shares_must_sum = Les parts doivent totaliser 100 %.
validation-currency_mismatch = Devise différente de celle de l'organisation.
validation-empty_list = La liste ne peut pas être vide.
validation-too_many = Trop d'éléments.
validation-invalid_choice = Choix invalide.
validation-unknown_reference = Référence inconnue.
validation-invalid_characters = Ce texte contient des caractères non autorisés (caractères de contrôle, ou un saut de ligne dans un champ d'une seule ligne).
validation-invalid_type = Valeur du mauvais type.
validation-age_out_of_range = La date de naissance doit donner un âge entre 16 et 120 ans.

## Annonces et candidatures
listing-not_found = Annonce introuvable.
listing-invalid_transition = Cette annonce ne peut pas passer à ce statut maintenant.
listing-closed = Cette annonce est fermée : elle ne peut plus être modifiée.
room-not_found = Chambre introuvable.
room-filled = Cette chambre n'a plus de place.
guarantor-not_found = Garant introuvable.
guarantor-in_use = Ce garant figure sur une candidature : il ne peut pas être supprimé.
application-not_found = Candidature introuvable.
application-duplicate = Vous avez déjà candidaté à cette annonce.
application-invalid_transition = Cette candidature ne peut pas passer à ce statut maintenant.
application-requirements_not_met = Votre dossier ne remplit pas les conditions de cette annonce.
document-upload_expired = Ce lien de dépôt a expiré ; demandez-en un nouveau.
document-link_expired = Ce lien de téléchargement a expiré.
document-invalid_signature = Signature du lien invalide.
document-not_uploaded = Aucun fichier n'a été déposé pour ce document.
document-already_stored = Ce document est déjà enregistré.
