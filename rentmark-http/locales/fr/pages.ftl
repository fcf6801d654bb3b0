# RentMark — pages (français).

## Navigation
nav-home = Accueil
nav-main = Navigation principale
nav-language = Langue
nav-dashboard = Tableau de bord
nav-properties = Biens
nav-tenants = Locataires
nav-leases = Baux
nav-login = Se connecter
nav-signup = Créer un compte
nav-logout = Se déconnecter

## Actions
action-save = Enregistrer
action-edit = Modifier
action-delete = Supprimer
action-cancel = Annuler

## Pagination
pager-label = Pagination
pager-page = Page
pager-prev = Précédente
pager-next = Suivante

## Mois (abrégés)
month-short-1 = janv.
month-short-2 = févr.
month-short-3 = mars
month-short-4 = avr.
month-short-5 = mai
month-short-6 = juin
month-short-7 = juil.
month-short-8 = août
month-short-9 = sept.
month-short-10 = oct.
month-short-11 = nov.
month-short-12 = déc.

## Champs de formulaire
field-email = Adresse e-mail
field-password = Mot de passe
field-password-hint = De 10 à 128 caractères.
field-org-name = Nom de votre organisation
field-property-name = Nom du bien
field-address = Adresse
field-city = Ville
field-description = Description
field-unit-name = Nom du logement
field-beds = Chambres
field-baths = Salles de bain
field-sq-ft = Surface (pieds carrés)
field-capacity = Capacité (personnes)
field-rent = Loyer mensuel
field-charges = Charges mensuelles
field-deposit = Dépôt de garantie
field-full-name = Nom complet
field-phone = Téléphone
field-unit = Logement
field-co-tenants = Colocataires
field-start-date = Date de début
field-end-date = Date de fin
field-due-day = Jour d'échéance
field-due-day-hint = Jour du mois où le loyer est dû (1 à 31 ; le dernier jour pour les mois plus courts).
field-paid-on = Date du paiement
field-method = Moyen de paiement
field-receipt = Justificatif (image)
field-receipt-hint = Facultatif : JPEG, PNG ou WebP, 10 Mo au plus.
field-remove-receipt = Retirer le justificatif actuel

## Colonnes
col-name = Nom
col-tenant = Locataire
col-unit = Logement
col-property = Bien
col-outstanding = Reste dû
col-oldest-unpaid = Plus ancien impayé
col-last-payment = Dernier paiement
col-month = Mois
col-move-in = Entrée
col-move-out = Sortie
col-status = Statut
col-lease = Bail
col-dates = Période
col-date = Date
col-amount = Montant
col-receipt = Justificatif
col-actions = Actions
col-entry = Écriture
col-charged = Facturé
col-paid = Payé
col-balance = Solde
col-share = Quote-part

## Statuts
status-active = En cours
status-upcoming = À venir
status-ended = Terminé
status-past = Parti

## Moyens de paiement et écritures
method-transfer = Virement
method-card = Carte
method-cash = Espèces
method-stripe = Stripe
entry-rent = Loyer
entry-service-charges = Charges
entry-deposit = Dépôt de garantie
entry-fee = Frais
entry-payment = Paiement
entry-charge-reversal = Annulation d'échéance
entry-payment-reversal = Annulation de paiement

## Inscription et connexion
signup-title = Créer un compte
signup-intro = Les locataires constituent un dossier unique et candidatent aux annonces ; le compte d'un bailleur crée son organisation, dont il est propriétaire.
signup-submit = Créer mon compte
signup-have-account = Déjà un compte ? Se connecter
login-title = Se connecter
login-submit = Se connecter
login-no-account = Pas encore de compte ? En créer un

## Tableau de bord
dashboard-title = Tableau de bord
dashboard-totals = Chiffres de l'organisation
dashboard-outstanding = Reste dû
dashboard-collected = Encaissé ce mois-ci
dashboard-due = Dû ce mois-ci
dashboard-occupancy = Taux d'occupation
dashboard-units-occupied = logements occupés
dashboard-as-of = Au
dashboard-billing = Qui doit quoi
dashboard-filter = Bien
dashboard-filter-submit = Filtrer
dashboard-all-properties = Tous les biens
dashboard-filter-placeholder = Nom d'un bien
dashboard-search-none = Aucun bien dont le nom contient « { $text } ».
dashboard-search-more = Plus de { $count } biens correspondent : précisez le nom.
dashboard-search-matches = Biens correspondants
dashboard-no-rows = Aucun bail pour l'instant.
chart-title = Dû et encaissé sur 12 mois
chart-desc = Barres groupées : montants dus et montants encaissés chaque mois
chart-due = Dû
chart-collected = Encaissé
chart-table = Les chiffres du graphique

## Biens et logements
properties-title = Biens
properties-empty = Aucun bien pour l'instant.
property-create = Ajouter un bien
property-edit = Modifier le bien
property-delete = Supprimer le bien
property-delete-help = Supprime le bien et ses logements. Impossible s'il a des baux.
property-billing = Voir qui doit quoi pour ce bien
units-title = Logements
units-empty = Aucun logement pour l'instant.
unit-create = Ajouter un logement
unit-edit = Modifier le logement
unit-delete = Supprimer le logement
unit-delete-help = Impossible si le logement a des baux.
unit-history = Historique des locataires
unit-history-empty = Personne n'a encore habité ici.
unit-history-lease = Voir le bail

## Locataires
tenants-title = Locataires
tenants-empty = Aucun locataire pour l'instant.
tenant-create = Ajouter un locataire
tenant-edit = Modifier le locataire
tenant-balance = Solde du locataire
tenant-charged = Facturé
tenant-paid = Payé
tenant-aging = Ancienneté des impayés
tenant-leases = Baux
tenant-no-leases = Aucun bail.
tenant-payments = Paiements
tenant-no-payments = Aucun paiement.
tenant-entries = Échéances et paiements
aging-0-30 = 0 à 30 jours
aging-31-60 = 31 à 60 jours
aging-61-90 = 61 à 90 jours
aging-90-plus = Plus de 90 jours
ledger-empty = Aucune écriture.

## Baux
leases-title = Baux
leases-empty = Aucun bail pour l'instant.
lease-create = Créer un bail
lease-open = Voir
lease-choose-unit = Choisir un logement
lease-co-tenants = Colocataires
lease-ledger = Compte du bail
lease-balance = Solde :
lease-end = Mettre fin au bail
lease-end-help = Les échéances postérieures à la date de fin sont annulées.
lease-ended = Bail terminé le

## Paiements
payment-record = Enregistrer un paiement
payment-new-title = Enregistrer un paiement
payment-edit-title = Corriger un paiement
payment-see-lease = Voir le bail
payment-receipt-view = Voir le justificatif
payment-receipt-alt = Justificatif du paiement
payment-status-deleted = Supprimé
payment-delete-title = Supprimer ce paiement
payment-delete-intro = Le paiement sera annulé par une écriture de contrepassation ; il restera visible comme supprimé.
payment-delete-confirm = Oui, supprimer le paiement
receipt-too_large = Le fichier dépasse 10 Mo.
receipt-not_an_image = Le fichier n'est pas une image JPEG, PNG ou WebP.

## Marketplace: navigation and sign-up
nav-search = Trouver un logement
nav-my-applications = Mes candidatures
nav-guarantors = Garants
nav-documents = Documents
nav-profile = Profil
nav-listings = Annonces
field-account-kind = Je suis
account-kind-tenant = À la recherche d'un logement (locataire)
account-kind-landlord = Bailleur (propriétaire ou agence)
field-org-name-hint = Bailleurs uniquement : votre compte crée cette organisation, dont vous êtes propriétaire.
auth-not_a_renter = Cette page est réservée aux locataires.

## Marketplace: names
listing-type-studio = Studio
listing-type-room = Chambre
listing-type-flat = Appartement
listing-status-draft = Brouillon
listing-status-published = Publiée
listing-status-closed = Fermée
doc-kind-id_card = Pièce d'identité ou passeport
doc-kind-proof_of_study = Certificat de scolarité
doc-kind-rib = Relevé d'identité bancaire (RIB)
doc-kind-visa = Visa ou titre de séjour
doc-kind-payslip = Bulletin de salaire
doc-kind-tax_notice = Avis d'imposition
doc-kind-other = Autre document
application-status-pending = En attente
application-status-withdrawn = Retirée
application-status-rejected = Refusée
application-status-accepted_pending_payment = Acceptée, en attente du paiement
application-status-confirmed = Confirmée
application-actor-renter = Locataire
application-actor-landlord = Bailleur
application-actor-payment = Paiement
application-actor-system = RentMark
application-reason-room_taken = La chambre a été attribuée à un autre locataire.
document-state-pending = En attente du fichier
document-state-stored = Enregistré

## Marketplace: columns and fields
col-title = Titre
col-room = Chambre
col-capacity = Places
col-places-left = Places libres
col-rent-from = Loyer à partir de
col-available = Disponible le
col-stay-months = Durée (mois)
col-min-months = Mois min.
col-max-months = Mois max.
col-listing = Annonce
col-applied-on = Déposée le
col-reason = Motif
col-from = De
col-to = À
col-by = Par
col-contact = Contact
col-file = Fichier
col-size = Taille
col-added = Ajouté le
col-applicant = Candidat
col-guarantors-income = Revenus des garants
col-documents-held = Documents fournis
col-own-income = Revenus propres :
field-title = Titre
field-type = Type
field-property = Bien
field-property-hint = Facultatif : un bien existant ; sans bien, un bien est créé à partir de l'adresse.
field-availability-date = Disponible le
field-available-from = Date d'emménagement
field-available-from-hint = Annonces disponibles à cette date ou avant.
field-price-max = Loyer maximum
field-guarantor-count-hint = De 0 à 50.
field-income-multiple-hint = Facultatif : 3 signifie que les revenus mensuels du locataire et de ses garants doivent atteindre 3 × (loyer + charges).
field-room = Chambre
field-move-in = Date d'emménagement
field-duration-months = Durée (mois)
field-guarantors = Garants
field-first-name = Prénom
field-last-name = Nom
field-nationality = Nationalité
field-birth-date = Date de naissance
field-education = Études
field-budget = Budget mensuel
field-monthly-income = Revenus mensuels
field-relation = Lien
field-relation-hint = Parent, ami, employeur…
field-document-kind = Type de document
field-file = Fichier
field-file-hint = PDF, JPEG, PNG, WebP, Word ou OpenDocument, 10 Mo au plus.
size-kb = { $n } Ko
size-mb = { $n } Mo
document-too_large = Le fichier dépasse 10 Mo.
document-unsupported_type = Ce type de fichier n'est pas accepté (PDF, image, Word ou OpenDocument).

## Marketplace: search and listing page
search-title = Trouver un logement
search-filters = Filtres
search-any-type = Tous les types
search-submit = Rechercher
search-total = Annonces trouvées : { $count }
search-empty = Aucune annonce ne correspond à ces filtres.
listing-rooms = Chambres
listing-rooms-hint = Jusqu'à 5 chambres ; les lignes vides sont ignorées.
listing-requirements = Ce que votre dossier doit contenir
listing-full = Toutes les places sont prises.
listing-apply = Candidater
listing-apply-sign-in = Connectez-vous en tant que locataire pour candidater
room-full = Complet
req-guarantors = Garants exigés
req-income = Revenus minimum (multiple du loyer et des charges)
req-income-value = { $multiple } × loyer et charges
req-documents = Documents
req-none = Aucun
apply-room-places = places libres : { $count }
apply-no-guarantors = Vous n'avez pas encore de garant : ajoutez-les dans Garants.
apply-overrides-hint = Facultatif, pour cette candidature seulement (comme les champs suivants) : vos propres revenus mensuels s'ajoutent à ceux de vos garants.
apply-submit = Envoyer ma candidature
apply-missing-title = Il manque à votre dossier
apply-missing-document = Document manquant : { $kind }
apply-missing-guarantors = Garants manquants : { $count }
apply-missing-income = Revenus mensuels cumulés insuffisants de { $amount }
apply-income-required = Revenus mensuels cumulés exigés : { $amount }

## Marketplace: the renter's area
renter-applications-title = Mes candidatures
renter-applications-empty = Vous n'avez pas encore candidaté.
application-withdraw = Retirer
application-history = Historique
application-lease = Votre bail
application-see-listing = Voir l'annonce
guarantors-title = Mes garants
guarantors-intro = Enregistrez vos garants une fois, puis choisissez-les à chaque candidature.
guarantors-empty = Aucun garant pour l'instant.
guarantor-create = Ajouter un garant
guarantor-edit = Modifier le garant
guarantor-delete = Supprimer le garant
guarantor-delete-help = Impossible tant qu'une candidature nomme ce garant.
documents-title = Mes documents
documents-intro = Votre dossier : les bailleurs voient quels types de documents vous avez fournis.
documents-empty = Aucun document pour l'instant.
document-upload = Ajouter un document
profile-title = Mon profil
profile-intro = Ce que les bailleurs voient sur vos candidatures (chaque candidature peut le modifier).
profile-saved = Votre profil est enregistré.

## Marketplace: the landlord's area
landlord-listings-title = Annonces
landlord-listings-empty = Aucune annonce pour l'instant.
listing-create = Créer une annonce
listing-new-property = Nouveau bien à partir de l'adresse
listing-publish = Publier
listing-close = Fermer
listing-see-public = Voir la page publique
listing-edit = Modifier l'annonce
listing-edit-intro = Les chambres ne sont pas modifiées : elles portent les places prises et les candidatures.
listing-applications = Candidatures
listing-applications-empty = Aucune candidature pour l'instant.
application-accept = Accepter
application-reject = Refuser
application-confirm = Confirmer (paiement reçu)
application-see-lease = Voir le bail

## Limites de fréquence (l'attente, après le message d'un refus sur un formulaire)
limit-retry-seconds = Réessayez dans { $seconds } s.
limit-retry-minutes = Réessayez dans { $minutes } min.
