//! The landlord's listing form: the listing (title, city, address, description, type,
//! an optional existing property, availability date), its requirements (guarantor
//! count, income multiple, documents) and up to [`ROOM_ROWS`] room rows, where blank
//! rows are ignored. Each room input is posted under one name per column (the values
//! come as a list, row by row), and a problem of a room is shown in its own cell.
//!
//! The edit form ([`ListingDetailsForm`]) is the same without the property and rooms,
//! which are not edited; the create form reuses its fields and requirements.

use rentmark_domain::ids::PropertyId;
use rentmark_domain::marketplace::listing::{
    Listing, ListingDetailsInput, ListingInput, RequirementsInput, RoomInput,
};
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::form::FromForm;
use rust_decimal::Decimal;

use crate::i18n::Translator;
use crate::pages::format;
use crate::pages::forms::{Cell, Choice, Field, Kind, Rows};
use crate::pages::market::{labels, non_blank, optional_int};
use crate::pages::units::amount_text;

/// How many room rows the form offers.
pub const ROOM_ROWS: usize = 5;

/// The columns of a room row: the posted name, the problem key's suffix, the domain
/// field, the input kind and the heading's message id.
const COLUMNS: [(&str, &str, &str, Kind, &str); 7] = [
    ("room_name", "name", "name", Kind::Text, "col-room"),
    (
        "room_capacity",
        "capacity",
        "capacity",
        Kind::Number,
        "col-capacity",
    ),
    ("room_rent", "rent", "rent_eur", Kind::Amount, "field-rent"),
    (
        "room_charges",
        "charges",
        "charges_eur",
        Kind::Amount,
        "field-charges",
    ),
    (
        "room_deposit",
        "deposit",
        "deposit_eur",
        Kind::Amount,
        "field-deposit",
    ),
    (
        "room_min",
        "min",
        "min_duration_months",
        Kind::Number,
        "col-min-months",
    ),
    (
        "room_max",
        "max",
        "max_duration_months",
        Kind::Number,
        "col-max-months",
    ),
];

/// The problem key of column `suffix` in form row `row` (0-based): `room1_rent`.
fn cell_key(row: usize, suffix: &str) -> String {
    format!("room{}_{suffix}", row + 1)
}

/// The form's name of a listing field the domain names `field` (the requirements are
/// posted without their `requirements.` prefix, the documents under one name).
pub fn details_form_field(field: &str) -> String {
    match field {
        "requirements.guarantor_required_count" => "guarantor_required_count".to_owned(),
        "requirements.income_min_multiplier" => "income_min_multiplier".to_owned(),
        f if f.starts_with("requirements.documents") => "documents".to_owned(),
        f => f.to_owned(),
    }
}

/// A listing's details as typed: the edit form, and the part of the create form
/// other than the property and rooms.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ListingDetailsForm {
    #[field(default = String::new())]
    title: String,
    #[field(default = String::new())]
    city: String,
    #[field(default = String::new())]
    address: String,
    #[field(default = String::new())]
    description: String,
    #[field(name = "type", default = String::new())]
    kind: String,
    #[field(default = String::new())]
    availability_date: String,
    #[field(default = String::new())]
    guarantor_required_count: String,
    #[field(default = String::new())]
    income_min_multiplier: String,
    documents: Vec<String>,
    #[field(default = String::new())]
    pub(super) csrf: String,
}

impl ListingDetailsForm {
    /// The edit form as first shown: the listing's own values.
    pub fn of(listing: &Listing) -> Self {
        let r = &listing.requirements;
        Self {
            title: listing.title.clone(),
            city: listing.city.clone(),
            address: listing.address.clone(),
            description: listing.description.clone().unwrap_or_default(),
            kind: listing.kind.as_str().to_owned(),
            availability_date: format::iso(listing.availability_date),
            guarantor_required_count: r.guarantor_required_count.to_string(),
            income_min_multiplier: r
                .income_min_multiplier
                .map(|m| m.normalize().to_string())
                .unwrap_or_default(),
            documents: r.documents.iter().map(|d| d.as_str().to_owned()).collect(),
            csrf: String::new(),
        }
    }

    /// The requirements as typed, with the counts and multiples that are not even
    /// numbers recorded in `errors`.
    fn requirements(&self, errors: &mut ValidationErrors) -> RequirementsInput {
        let guarantor_required_count = optional_int(
            errors,
            "guarantor_required_count",
            &self.guarantor_required_count,
        );
        let income_min_multiplier = match amount_text(&self.income_min_multiplier).as_str() {
            "" => None,
            text => errors.check(
                "income_min_multiplier",
                Decimal::from_str_exact(text),
                |_| codes::INVALID_AMOUNT,
            ),
        };
        RequirementsInput {
            guarantor_required_count,
            income_min_multiplier,
            documents: self
                .documents
                .iter()
                .filter(|d| !d.trim().is_empty())
                .cloned()
                .collect(),
        }
    }

    /// The domain input (its problems are named by [`details_form_field`]), or the
    /// fields that are not even numbers.
    ///
    /// # Errors
    /// `validation.invalid_type` on a count that is not a whole number,
    /// `validation.invalid_amount` on a multiple that is not a decimal.
    pub fn input(&self) -> Result<ListingDetailsInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let requirements = self.requirements(&mut errors);
        let input = ListingDetailsInput {
            title: self.title.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            description: non_blank(&self.description),
            kind: self.kind.clone(),
            availability_date: self.availability_date.trim().to_owned(),
            requirements,
        };
        errors.finish(|| input)
    }

    /// The form's fields: the listing's, then `property` (the create form's choice)
    /// if any, then the requirements.
    pub fn fields(&self, tr: &Translator, property: Option<Field>) -> Vec<Field> {
        let field =
            |kind, name, label: &str, value: &str| Field::new(kind, name, tr.t(label), value);
        let documents: Vec<&str> = self.documents.iter().map(String::as_str).collect();
        let mut fields = vec![
            field(Kind::Text, "title", "field-title", &self.title).required(),
            field(Kind::Text, "city", "field-city", &self.city).required(),
            field(Kind::Text, "address", "field-address", &self.address).required(),
            field(
                Kind::TextArea,
                "description",
                "field-description",
                &self.description,
            ),
            Field::new(Kind::Select, "type", tr.t("field-type"), "")
                .required()
                .choices(labels::listing_type_choices(tr, &self.kind, None)),
        ];
        fields.extend(property);
        fields.extend([
            field(
                Kind::Date,
                "availability_date",
                "field-availability-date",
                &self.availability_date,
            )
            .required(),
            field(
                Kind::Number,
                "guarantor_required_count",
                "req-guarantors",
                &self.guarantor_required_count,
            )
            .hint(tr.t("field-guarantor-count-hint")),
            field(
                Kind::Amount,
                "income_min_multiplier",
                "req-income",
                &self.income_min_multiplier,
            )
            .hint(tr.t("field-income-multiple-hint")),
            Field::new(Kind::Checkboxes, "documents", tr.t("req-documents"), "")
                .choices(labels::document_kind_choices(tr, &documents)),
        ]);
        fields
    }
}

/// The listing form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ListingForm {
    #[field(default = String::new())]
    title: String,
    #[field(default = String::new())]
    city: String,
    #[field(default = String::new())]
    address: String,
    #[field(default = String::new())]
    description: String,
    #[field(name = "type", default = String::new())]
    kind: String,
    #[field(default = String::new())]
    property_id: String,
    #[field(default = String::new())]
    availability_date: String,
    room_name: Vec<String>,
    room_capacity: Vec<String>,
    room_rent: Vec<String>,
    room_charges: Vec<String>,
    room_deposit: Vec<String>,
    room_min: Vec<String>,
    room_max: Vec<String>,
    #[field(default = String::new())]
    guarantor_required_count: String,
    #[field(default = String::new())]
    income_min_multiplier: String,
    documents: Vec<String>,
    #[field(default = String::new())]
    pub(super) csrf: String,
}

/// Which form row each room of the domain input came from (blank rows are skipped),
/// to show the domain's problems (`rooms[1].rent_eur`) in the right cell.
#[derive(Debug, Clone, Default)]
pub struct RowMap(Vec<usize>);

impl RowMap {
    /// The form's name of a field the domain names `field`.
    pub fn form_field(&self, field: &str) -> String {
        if let Some(rest) = field.strip_prefix("rooms[")
            && let Some((index, column)) = rest.split_once("].")
            && let Some(row) = index.parse::<usize>().ok().and_then(|i| self.0.get(i))
        {
            let suffix = COLUMNS
                .iter()
                .find(|c| c.2 == column)
                .map_or("name", |c| c.1);
            return cell_key(*row, suffix);
        }
        details_form_field(field)
    }
}

impl ListingForm {
    /// The form as first shown: one place, stays of 1 to 12 months, available
    /// `today`, no requirement.
    pub fn initial(today: &str) -> Self {
        let each = |value: &str| vec![value.to_owned(); ROOM_ROWS];
        Self {
            availability_date: today.to_owned(),
            room_capacity: each("1"),
            room_min: each("1"),
            room_max: each("12"),
            guarantor_required_count: "0".to_owned(),
            ..<Self as Default>::default()
        }
    }

    /// The part of the form the edit form shares.
    fn details(&self) -> ListingDetailsForm {
        ListingDetailsForm {
            title: self.title.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            availability_date: self.availability_date.clone(),
            guarantor_required_count: self.guarantor_required_count.clone(),
            income_min_multiplier: self.income_min_multiplier.clone(),
            documents: self.documents.clone(),
            csrf: String::new(),
        }
    }

    fn column(&self, name: &str) -> &[String] {
        match name {
            "room_name" => &self.room_name,
            "room_capacity" => &self.room_capacity,
            "room_rent" => &self.room_rent,
            "room_charges" => &self.room_charges,
            "room_deposit" => &self.room_deposit,
            "room_min" => &self.room_min,
            _ => &self.room_max,
        }
    }

    fn cell(&self, name: &str, row: usize) -> &str {
        self.column(name).get(row).map_or("", |v| v.trim())
    }

    /// Whether form row `row` was left blank (its defaults aside).
    fn blank_row(&self, row: usize) -> bool {
        ["room_name", "room_rent", "room_charges", "room_deposit"]
            .iter()
            .all(|name| self.cell(name, row).is_empty())
    }

    /// The domain input and where its rooms came from, or the fields that are not
    /// even numbers.
    ///
    /// # Errors
    /// `validation.invalid_type` on a count that is not a whole number,
    /// `validation.invalid_amount` on a multiple that is not a decimal.
    pub fn input(&self) -> Result<(ListingInput, RowMap), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut rooms = Vec::new();
        let mut map = Vec::new();
        for row in (0..ROOM_ROWS).filter(|r| !self.blank_row(*r)) {
            let int = |errors: &mut ValidationErrors, name: &str, suffix: &str| {
                optional_int(errors, &cell_key(row, suffix), self.cell(name, row))
            };
            let money = |name: &str| non_blank(&amount_text(self.cell(name, row)));
            rooms.push(RoomInput {
                unit_id: None,
                name: self.cell("room_name", row).to_owned(),
                capacity: int(&mut errors, "room_capacity", "capacity"),
                rent_eur: amount_text(self.cell("room_rent", row)),
                charges_eur: money("room_charges"),
                deposit_eur: money("room_deposit"),
                min_duration_months: int(&mut errors, "room_min", "min"),
                max_duration_months: int(&mut errors, "room_max", "max"),
            });
            map.push(row);
        }
        let requirements = self.details().requirements(&mut errors);
        let input = ListingInput {
            title: self.title.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            description: non_blank(&self.description),
            kind: self.kind.clone(),
            property_id: non_blank(&self.property_id),
            rooms,
            availability_date: self.availability_date.trim().to_owned(),
            requirements,
        };
        errors.finish(|| (input, RowMap(map)))
    }

    /// The form's fields: the listing, an existing property among `properties`, the
    /// requirements.
    pub fn fields(&self, tr: &Translator, properties: &[(PropertyId, String)]) -> Vec<Field> {
        let property = [self.property_id.as_str()];
        let mut property_choices = vec![Choice::new("", tr.t("listing-new-property"), &property)];
        property_choices.extend(
            properties
                .iter()
                .map(|(id, name)| Choice::new(id.to_string(), name.clone(), &property)),
        );
        let property = Field::new(Kind::Select, "property_id", tr.t("field-property"), "")
            .choices(property_choices)
            .hint(tr.t("field-property-hint"));
        self.details().fields(tr, Some(property))
    }

    /// The room rows, as typed.
    pub fn rows(&self, tr: &Translator) -> Rows {
        let columns: Vec<String> = COLUMNS.iter().map(|c| tr.t(c.4)).collect();
        let rows = (0..ROOM_ROWS)
            .map(|row| {
                COLUMNS
                    .iter()
                    .zip(&columns)
                    .map(|((name, suffix, _, kind, _), heading)| {
                        Cell::new(
                            *kind,
                            name,
                            cell_key(row, suffix),
                            format!("{heading} {}", row + 1),
                            self.cell(name, row),
                        )
                    })
                    .collect()
            })
            .collect();
        Rows {
            legend: tr.t("listing-rooms"),
            hint: Some(tr.t("listing-rooms-hint")),
            key: "rooms",
            columns,
            rows,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(rows: [[&str; 4]; ROOM_ROWS]) -> ListingForm {
        let column = |i: usize| rows.iter().map(|r| r[i].to_owned()).collect();
        ListingForm {
            room_name: column(0),
            room_rent: column(1),
            room_charges: column(2),
            room_deposit: column(3),
            ..ListingForm::initial("2026-12-01")
        }
    }

    #[test]
    fn blank_rows_are_skipped_and_problems_land_in_their_row() {
        let blank = ["", "", "", ""];
        let form = form([
            blank,
            ["Bleue", "450", "", ""],
            blank,
            ["", "", "30", ""],
            blank,
        ]);
        let (input, rows) = form.input().expect("numbers parse");
        assert_eq!(input.rooms.len(), 2);
        assert_eq!(input.rooms[0].name, "Bleue");
        assert_eq!(input.rooms[0].capacity, Some(1));
        assert_eq!(input.rooms[1].charges_eur.as_deref(), Some("30"));
        assert_eq!(rows.form_field("rooms[0].rent_eur"), "room2_rent");
        assert_eq!(rows.form_field("rooms[1].name"), "room4_name");
        assert_eq!(rows.form_field("rooms[1].max_duration_months"), "room4_max");
        assert_eq!(rows.form_field("rooms"), "rooms");
        assert_eq!(rows.form_field("requirements.documents[3]"), "documents");
        assert_eq!(
            rows.form_field("requirements.income_min_multiplier"),
            "income_min_multiplier"
        );
    }

    #[test]
    fn counts_and_multiples_must_be_numbers() {
        let mut form = form([["A", "400", "", ""]; ROOM_ROWS]);
        form.room_capacity[2] = "two".into();
        form.income_min_multiplier = "2,5".into();
        form.guarantor_required_count = "x".into();
        let fields: Vec<String> = form
            .input()
            .expect_err("refused")
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["room3_capacity", "guarantor_required_count"]);
        form.room_capacity[2] = "2".into();
        form.guarantor_required_count = "1".into();
        let (input, _) = form.input().expect("valid numbers");
        assert_eq!(
            input.requirements.income_min_multiplier,
            Some(Decimal::new(25, 1))
        );
    }
}
