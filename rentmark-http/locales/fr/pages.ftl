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
signup-title = Créer un compte bailleur
signup-intro = Votre compte crée votre organisation ; vous en êtes le propriétaire.
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
