//! The demo's renters: six accounts signed up as renters do, each with a complete
//! profile, guarantors kept in their dossier, and dossier documents (small real PDF and
//! PNG files) registered, written to the blob store and finalized as an upload is.
//! Sam, the newcomer, has a profile and one document only, to try building a dossier.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use rentmark_domain::Services;
use rentmark_domain::marketplace::dossier::{Guarantor, GuarantorInput};
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::ports::BlobStore as _;
use rentmark_domain::profile::{FieldPatch, ProfileInput};
use rentmark_domain::user::User;

use super::files::{pdf, slip_png};
use super::{DemoError, err, sign_up};
use crate::state::{AppBlobs, AppStore};

/// A student with a parent as guarantor.
pub(super) const LEA: &str = "lea.martin@rentmark.test";
/// A student with both parents as guarantors.
pub(super) const HUGO: &str = "hugo.bernard@rentmark.test";
/// An international student (visa) with two guarantors.
pub(super) const INES: &str = "ines.haddad@rentmark.test";
/// A young employee: payslips and a tax notice, no guarantor.
pub(super) const YANIS: &str = "yanis.petit@rentmark.test";
/// A student with two guarantors.
pub(super) const ZOE: &str = "zoe.leroy@rentmark.test";
/// A renter who has only started: profile and identity card.
pub(super) const SAM: &str = "sam.moreau@rentmark.test";

/// A guarantor: first name, last name, relation, monthly income in euros.
type GuarantorRow = (&'static str, &'static str, &'static str, u32);

/// A demo renter as written down.
struct Person {
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    phone: &'static str,
    nationality: &'static str,
    birth_date: &'static str,
    education: &'static str,
    budget: &'static str,
    /// Their own monthly income in euros, given on their applications.
    income: Option<&'static str>,
    documents: &'static [(&'static str, &'static str)],
    guarantors: &'static [GuarantorRow],
}

const PEOPLE: [Person; 6] = [
    Person {
        email: LEA,
        first_name: "Léa",
        last_name: "Martin",
        phone: "+33 6 12 34 56 78",
        nationality: "française",
        birth_date: "2003-04-12",
        education: "Master 1 de droit, Université Lyon 2",
        budget: "750.00",
        income: Some("650.00"),
        documents: &[
            ("id_card", "carte-identite.pdf"),
            ("proof_of_study", "certificat-scolarite.pdf"),
            ("rib", "rib.png"),
        ],
        guarantors: &[("Sophie", "Martin", "mère", 3400)],
    },
    Person {
        email: HUGO,
        first_name: "Hugo",
        last_name: "Bernard",
        phone: "+33 6 23 45 67 89",
        nationality: "française",
        birth_date: "2002-09-30",
        education: "École d'ingénieurs, INSA Toulouse",
        budget: "650.00",
        income: None,
        documents: &[
            ("id_card", "passeport.pdf"),
            ("proof_of_study", "certificat-scolarite.pdf"),
            ("rib", "rib.png"),
        ],
        guarantors: &[
            ("Marc", "Bernard", "père", 3900),
            ("Claire", "Bernard", "mère", 2800),
        ],
    },
    Person {
        email: INES,
        first_name: "Inès",
        last_name: "Haddad",
        phone: "+33 7 34 56 78 90",
        nationality: "marocaine",
        birth_date: "2001-01-22",
        education: "Master d'informatique, Université de Lille",
        budget: "600.00",
        income: Some("500.00"),
        documents: &[
            ("id_card", "passeport.pdf"),
            ("visa", "titre-de-sejour.pdf"),
            ("proof_of_study", "inscription.pdf"),
            ("rib", "rib.png"),
        ],
        guarantors: &[
            ("Karim", "Haddad", "père", 4200),
            ("Nadia", "Haddad", "tante", 2600),
        ],
    },
    Person {
        email: YANIS,
        first_name: "Yanis",
        last_name: "Petit",
        phone: "+33 6 45 67 89 01",
        nationality: "française",
        birth_date: "1999-06-03",
        education: "Développeur, premier emploi",
        budget: "900.00",
        income: Some("2450.00"),
        documents: &[
            ("id_card", "carte-identite.pdf"),
            ("payslip", "bulletin-de-salaire.pdf"),
            ("tax_notice", "avis-imposition.pdf"),
            ("rib", "rib.png"),
        ],
        guarantors: &[],
    },
    Person {
        email: ZOE,
        first_name: "Zoé",
        last_name: "Leroy",
        phone: "+33 6 56 78 90 12",
        nationality: "belge",
        birth_date: "2004-11-08",
        education: "Licence d'histoire, Université Bordeaux Montaigne",
        budget: "550.00",
        income: Some("400.00"),
        documents: &[
            ("id_card", "carte-identite.pdf"),
            ("proof_of_study", "certificat-scolarite.pdf"),
            ("rib", "rib.png"),
        ],
        guarantors: &[
            ("Anne", "Leroy", "mère", 3000),
            ("Paul", "Leroy", "grand-père", 2600),
        ],
    },
    Person {
        email: SAM,
        first_name: "Sam",
        last_name: "Moreau",
        phone: "+33 6 67 89 01 23",
        nationality: "française",
        birth_date: "2005-02-17",
        education: "BTS, Lycée Chaptal (Paris)",
        budget: "700.00",
        income: None,
        documents: &[("id_card", "carte-identite.pdf")],
        guarantors: &[],
    },
];

/// A renter as loaded.
pub(super) struct Renter {
    /// The account.
    pub user: User,
    /// First name, given on applications.
    pub first_name: &'static str,
    /// Last name, given on applications.
    pub last_name: &'static str,
    /// Their own monthly income, given on applications.
    pub income: Option<&'static str>,
    /// Their guarantors, all named on their applications.
    pub guarantors: Vec<Guarantor>,
    /// The kinds of their dossier documents.
    pub documents: BTreeSet<DocumentKind>,
}

/// Signs up the renters and builds their dossiers, a few weeks before `now`.
pub(super) async fn load(
    services: &Services<AppStore>,
    blobs: &AppBlobs,
    now: DateTime<Utc>,
) -> Result<Vec<Renter>, DemoError> {
    let mut renters = Vec::with_capacity(PEOPLE.len());
    for (index, person) in PEOPLE.iter().enumerate() {
        let at = now - Duration::days(45 - 3 * i64::try_from(index).unwrap_or(0));
        let user = sign_up(services, person.email, None, at).await?;
        let fields = [
            ("first_name", person.first_name),
            ("last_name", person.last_name),
            ("phone", person.phone),
            ("nationality", person.nationality),
            ("birth_date", person.birth_date),
            ("education", person.education),
            ("budget_eur", person.budget),
        ];
        let profile = ProfileInput::from_pairs(
            fields.map(|(name, value)| (name, FieldPatch::Text(value.into()))),
        );
        services
            .update_profile(&user, &profile, None, at)
            .await
            .map_err(err)?;
        let mut guarantors = Vec::with_capacity(person.guarantors.len());
        for &(first, last, relation, income) in person.guarantors {
            let input = GuarantorInput {
                first_name: first.into(),
                last_name: last.into(),
                relation: relation.into(),
                email: Some(format!("{}.{}@exemple.test", ascii(first), ascii(last))),
                phone: Some("+33 1 23 45 67 89".into()),
                income_eur: Some(format!("{income}.00")),
                nationality: Some(person.nationality.into()),
                birth_date: None,
            };
            guarantors.push(
                services
                    .create_guarantor(&user, &input, at)
                    .await
                    .map_err(err)?,
            );
        }
        for &(kind, filename) in person.documents {
            upload(services, blobs, &user, person, kind, filename, at).await?;
        }
        renters.push(Renter {
            user,
            first_name: person.first_name,
            last_name: person.last_name,
            income: person.income,
            guarantors,
            documents: person
                .documents
                .iter()
                .filter_map(|(kind, _)| kind.parse().ok())
                .collect(),
        });
    }
    Ok(renters)
}

/// One dossier document through the upload flow: registered (presign), its bytes
/// written under the blob key the registration gave, then finalized with the size
/// read back from the blob store.
async fn upload(
    services: &Services<AppStore>,
    blobs: &AppBlobs,
    user: &User,
    person: &Person,
    kind: &str,
    filename: &str,
    at: DateTime<Utc>,
) -> Result<(), DemoError> {
    let (bytes, content_type) = if filename.ends_with(".png") {
        (slip_png([40, 90, 160]), "image/png")
    } else {
        let title = match kind {
            "id_card" => "Pièce d'identité",
            "proof_of_study" => "Certificat de scolarité",
            "visa" => "Titre de séjour",
            "payslip" => "Bulletin de salaire",
            "tax_notice" => "Avis d'imposition",
            _ => "Document",
        };
        (
            pdf(
                title,
                &format!("{} {}", person.first_name, person.last_name),
            ),
            "application/pdf",
        )
    };
    let size = i64::try_from(bytes.len()).map_err(err)?;
    let document = services
        .presign_dossier_document(user, kind, filename, content_type, size, at)
        .await
        .map_err(err)?;
    blobs
        .put(&document.blob_key, bytes, content_type)
        .await
        .map_err(err)?;
    let stored = blobs.get(&document.blob_key).await.map_err(err)?;
    let size = u64::try_from(stored.len()).map_err(err)?;
    services
        .finalize_dossier_document(user, document.id, size)
        .await
        .map_err(err)?;
    Ok(())
}

/// A name as an e-mail's local part: lowercase ASCII letters.
fn ascii(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'É' => 'e',
            'ï' | 'î' => 'i',
            c => c.to_ascii_lowercase(),
        })
        .filter(char::is_ascii_lowercase)
        .collect()
}
