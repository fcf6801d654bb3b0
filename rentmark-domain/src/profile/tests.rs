//! Every field rule of [`ProfileInput`], per role.

#![expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn text(value: &str) -> FieldPatch {
    FieldPatch::Text(value.to_owned())
}

fn apply(
    role: AccountRole,
    pairs: &[(&str, FieldPatch)],
) -> Result<ProfileChange, Vec<(String, &'static str)>> {
    apply_to(role, &Profile::default(), pairs)
}

fn apply_to(
    role: AccountRole,
    current: &Profile,
    pairs: &[(&str, FieldPatch)],
) -> Result<ProfileChange, Vec<(String, &'static str)>> {
    ProfileInput::from_pairs(pairs.iter().cloned())
        .apply(role, current, today())
        .map_err(|e| e.errors.into_iter().map(|f| (f.field, f.code)).collect())
}

fn refused(role: AccountRole, field: &str, patch: FieldPatch) -> &'static str {
    match apply(role, &[(field, patch)]) {
        Err(errors) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].0, field);
            errors[0].1
        }
        Ok(change) => panic!("{field} was accepted: {change:?}"),
    }
}

fn eur(text: &str) -> Money {
    Money::parse(text, Currency::Eur).unwrap()
}

#[test]
fn a_tenant_sets_every_tenant_field() {
    let change = apply(
        AccountRole::Tenant,
        &[
            ("first_name", text("  Léa ")),
            ("last_name", text("Martin")),
            ("phone", text("+33 6 12 34 56 78")),
            ("nationality", text("française")),
            ("birth_date", text("2004-02-29")),
            ("education", text("Master 1, Sorbonne")),
            ("budget_eur", text("650.5")),
        ],
    )
    .unwrap();
    assert_eq!(change.org_name, None);
    assert_eq!(
        change.profile,
        Profile {
            first_name: Some("Léa".into()),
            last_name: Some("Martin".into()),
            phone: Some("+33 6 12 34 56 78".into()),
            nationality: Some("française".into()),
            birth_date: NaiveDate::from_ymd_opt(2004, 2, 29),
            education: Some("Master 1, Sorbonne".into()),
            budget: Some(eur("650.50")),
            contact_name: None,
        }
    );
    assert_eq!(
        change.profile.value(ProfileField::BudgetEur).as_deref(),
        Some("650.50")
    );
    assert_eq!(
        change.profile.value(ProfileField::BirthDate).as_deref(),
        Some("2004-02-29")
    );
}

#[test]
fn absent_fields_keep_their_value_and_null_or_blank_clears() {
    let current = Profile {
        first_name: Some("Léa".into()),
        last_name: Some("Martin".into()),
        phone: Some("0612345678".into()),
        budget: Some(eur("500")),
        birth_date: NaiveDate::from_ymd_opt(2000, 1, 1),
        ..Profile::default()
    };
    let change = apply_to(
        AccountRole::Tenant,
        &current,
        &[
            ("phone", FieldPatch::Null),
            ("budget_eur", text("")),
            ("birth_date", text("   ")),
            ("last_name", text("Dubois")),
        ],
    )
    .unwrap();
    assert_eq!(
        change.profile,
        Profile {
            first_name: Some("Léa".into()),
            last_name: Some("Dubois".into()),
            ..Profile::default()
        }
    );
    // An empty update changes nothing.
    assert_eq!(
        apply_to(AccountRole::Tenant, &current, &[])
            .unwrap()
            .profile,
        current
    );
}

#[test]
fn text_lengths_are_checked_per_field() {
    let cases = [
        ("first_name", 100),
        ("last_name", 100),
        ("phone", 40),
        ("nationality", 100),
        ("education", 200),
    ];
    for (field, max) in cases {
        let exact = "é".repeat(max);
        let change = apply(AccountRole::Tenant, &[(field, text(&exact))]).unwrap();
        let shown = ProfileField::from_name(field).unwrap();
        assert_eq!(change.profile.value(shown), Some(exact), "{field}");
        assert_eq!(
            refused(AccountRole::Tenant, field, text(&"é".repeat(max + 1))),
            codes::TOO_LONG,
            "{field}"
        );
    }
    assert_eq!(
        refused(
            AccountRole::Landlord,
            "contact_name",
            text(&"x".repeat(201))
        ),
        codes::TOO_LONG
    );
    assert_eq!(
        refused(AccountRole::Landlord, "org_name", text(&"x".repeat(201))),
        codes::TOO_LONG
    );
}

#[test]
fn birth_dates_must_be_valid_past_and_give_an_age_of_16_to_120() {
    let accepted = |date: &str| {
        apply(AccountRole::Tenant, &[("birth_date", text(date))]).map(|c| c.profile.birth_date)
    };
    // Exactly 16 today, and exactly 120 today.
    assert_eq!(
        accepted("2010-11-15").unwrap(),
        NaiveDate::from_ymd_opt(2010, 11, 15)
    );
    assert_eq!(
        accepted("1906-11-16").unwrap(),
        NaiveDate::from_ymd_opt(1906, 11, 16)
    );
    assert_eq!(
        accepted("1906-11-15").unwrap(),
        NaiveDate::from_ymd_opt(1906, 11, 15)
    );
    for (date, code) in [
        ("2010-11-16", profile_codes::AGE_OUT_OF_RANGE), // 16 tomorrow
        ("1905-11-14", profile_codes::AGE_OUT_OF_RANGE), // 121
        ("2026-11-15", profile_codes::AGE_OUT_OF_RANGE), // today
        ("2030-01-01", profile_codes::AGE_OUT_OF_RANGE), // future
        ("2001-02-29", codes::INVALID_DATE),
        ("15/11/2000", codes::INVALID_DATE),
        ("2000-13-01", codes::INVALID_DATE),
    ] {
        assert_eq!(
            refused(AccountRole::Tenant, "birth_date", text(date)),
            code,
            "{date}"
        );
    }
}

#[test]
fn a_leap_day_birthday_comes_of_age_on_the_first_of_march() {
    let on = |y, m, d| {
        ProfileInput::from_pairs([("birth_date", text("2008-02-29"))])
            .apply(
                AccountRole::Tenant,
                &Profile::default(),
                NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            )
            .is_ok()
    };
    assert!(!on(2024, 2, 28));
    assert!(on(2024, 3, 1));
}

#[test]
fn budgets_are_non_negative_decimal_strings() {
    let set = |v: &str| {
        apply(AccountRole::Tenant, &[("budget_eur", text(v))])
            .unwrap()
            .profile
            .budget
    };
    assert_eq!(set("0"), Some(eur("0")));
    assert_eq!(set("720.00"), Some(eur("720")));
    for (value, code) in [
        (text("-1"), codes::MUST_NOT_BE_NEGATIVE),
        (text("12.345"), codes::INVALID_AMOUNT),
        (text("1e3"), codes::INVALID_AMOUNT),
        (text("cheap"), codes::INVALID_AMOUNT),
        (FieldPatch::NotText, profile_codes::INVALID_TYPE),
    ] {
        assert_eq!(
            refused(AccountRole::Tenant, "budget_eur", value.clone()),
            code,
            "{value:?}"
        );
    }
}

#[test]
fn fields_of_another_role_or_unknown_are_invalid_choices() {
    for field in ["org_name", "contact_name", "password", "email", "role"] {
        assert_eq!(
            refused(AccountRole::Tenant, field, text("x")),
            codes::INVALID_CHOICE,
            "{field}"
        );
    }
    for field in [
        "first_name",
        "last_name",
        "nationality",
        "birth_date",
        "education",
        "budget_eur",
        "status",
    ] {
        assert_eq!(
            refused(AccountRole::Landlord, field, text("x")),
            codes::INVALID_CHOICE,
            "{field}"
        );
    }
    assert_eq!(
        refused(AccountRole::Admin, "org_name", text("x")),
        codes::INVALID_CHOICE
    );
}

#[test]
fn a_landlord_sets_contact_phone_and_org_name() {
    let change = apply(
        AccountRole::Landlord,
        &[
            ("org_name", text(" Agence du Parc ")),
            ("contact_name", text("Camille Bernard")),
            ("phone", text("01 23 45 67 89")),
        ],
    )
    .unwrap();
    assert_eq!(change.org_name.as_deref(), Some("Agence du Parc"));
    assert_eq!(
        change.profile.contact_name.as_deref(),
        Some("Camille Bernard")
    );
    assert_eq!(change.profile.phone.as_deref(), Some("01 23 45 67 89"));
    // The organization's name cannot be cleared.
    assert_eq!(
        refused(AccountRole::Landlord, "org_name", text("  ")),
        codes::REQUIRED
    );
    assert_eq!(
        refused(AccountRole::Landlord, "org_name", FieldPatch::Null),
        codes::REQUIRED
    );
    // Without org_name, no rename.
    assert_eq!(
        apply(AccountRole::Landlord, &[("phone", text("1"))])
            .unwrap()
            .org_name,
        None
    );
}

#[test]
fn every_bad_field_is_reported_at_once_and_non_text_is_refused() {
    let errors = apply(
        AccountRole::Tenant,
        &[
            ("first_name", FieldPatch::NotText),
            ("birth_date", text("yesterday")),
            ("org_name", text("Mine")),
            ("budget_eur", text("-5")),
        ],
    )
    .unwrap_err();
    assert_eq!(
        errors,
        vec![
            ("first_name".to_owned(), profile_codes::INVALID_TYPE),
            ("birth_date".to_owned(), codes::INVALID_DATE),
            ("org_name".to_owned(), codes::INVALID_CHOICE),
            ("budget_eur".to_owned(), codes::MUST_NOT_BE_NEGATIVE),
        ]
    );
}

#[test]
fn shown_fields_follow_the_role() {
    let names = |role| {
        ProfileField::shown_for(role)
            .map(ProfileField::name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(AccountRole::Tenant),
        [
            "first_name",
            "last_name",
            "phone",
            "nationality",
            "birth_date",
            "education",
            "budget_eur"
        ]
    );
    assert_eq!(names(AccountRole::Landlord), ["phone", "contact_name"]);
    assert_eq!(names(AccountRole::Admin), ["phone", "contact_name"]);
}
