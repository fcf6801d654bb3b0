//! Every user-facing string goes through Fluent catalogs: French by default, English.
//! Catalogs are compiled into the binary (`locales/*.ftl`). Error codes such as
//! `lease.not_found` map to message ids by replacing `.` with `-` (`lease-not_found`).

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rocket::request::{FromRequest, Outcome, Request};
use unic_langid::LanguageIdentifier;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French, the default.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Self; 2] = [Self::Fr, Self::En];

    /// The BCP 47 tag.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header (French when
    /// nothing matches).
    pub fn negotiate(accept_language: Option<&str>) -> Self {
        let Some(header) = accept_language else {
            return Self::Fr;
        };
        let mut candidates: Vec<(f32, Self)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let quality = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                let lang = Self::ALL
                    .into_iter()
                    .find(|l| tag == l.tag() || tag.starts_with(&format!("{}-", l.tag())))?;
                Some((quality, lang))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.first().map_or(Self::Fr, |(_, lang)| *lang)
    }

    /// Parses a tag (`fr`, `en`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

/// The compiled catalogs.
pub struct Catalogs {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A catalog failed to parse (a bug caught by the tests).
#[derive(Debug, thiserror::Error)]
#[error("the {lang} catalog is invalid: {details}")]
pub struct CatalogError {
    lang: &'static str,
    details: String,
}

/// The catalog files of a language: error and validation codes, and page strings.
fn sources(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Fr => [
            include_str!("../locales/fr/errors.ftl"),
            include_str!("../locales/fr/pages.ftl"),
        ],
        Lang::En => [
            include_str!("../locales/en/errors.ftl"),
            include_str!("../locales/en/pages.ftl"),
        ],
    }
}

impl Catalogs {
    /// Loads the built-in catalogs.
    ///
    /// # Errors
    /// [`CatalogError`] when a catalog does not parse.
    pub fn load() -> Result<Self, CatalogError> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let id: LanguageIdentifier = lang.tag().parse().map_err(|_| CatalogError {
                lang: lang.tag(),
                details: "bad language tag".into(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks around arguments: they show up in plain-text
            // contexts (JSON error messages, CSV) and in tests.
            bundle.set_use_isolating(false);
            for source in sources(lang) {
                let resource =
                    FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
                        CatalogError {
                            lang: lang.tag(),
                            details: format!("{errors:?}"),
                        }
                    })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| CatalogError {
                        lang: lang.tag(),
                        details: format!("{errors:?}"),
                    })?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// Whether `lang`'s catalog has message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// The message `id` in `lang`, with `args`; falls back to French, then to
    /// [`missing_text`] (so a missing string is visible and detectable, never a crash).
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for candidate in [lang, Lang::Fr] {
            let Some(bundle) = self.bundles.get(&candidate) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
            tracing::warn!(id, ?errors, "fluent formatting error");
            return text.into_owned();
        }
        tracing::warn!(id, "missing translation");
        missing_text(id)
    }

    /// The message for an error or validation code (`lease.not_found`).
    pub fn code(&self, lang: Lang, code: &str) -> String {
        self.format(lang, &code_to_id(code), None)
    }
}

/// What every missing message renders as begins with this: the browser tests fail on
/// a page that contains it, so it must never be a catalog's text.
pub const MISSING_MARKER: &str = "[missing translation: ";

/// What a message absent from every catalog renders as: `[missing translation: id]`.
pub fn missing_text(id: &str) -> String {
    format!("{MISSING_MARKER}{id}]")
}

/// The Fluent message id of an i18n code: `.` becomes `-`.
pub fn code_to_id(code: &str) -> String {
    code.replace('.', "-")
}

/// The language of a request and the catalogs, for handlers and templates.
#[derive(Debug, Clone)]
pub struct Translator {
    catalogs: Arc<Catalogs>,
    lang: Lang,
}

impl Translator {
    /// A translator for `lang`.
    pub fn new(catalogs: Arc<Catalogs>, lang: Lang) -> Self {
        Self { catalogs, lang }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.catalogs.format(self.lang, id, None)
    }

    /// The message `id`, or `None` when no catalog has it (for text that may or may
    /// not have a translation, such as a free-form reason).
    pub fn try_t(&self, id: &str) -> Option<String> {
        [self.lang, Lang::Fr]
            .into_iter()
            .any(|lang| self.catalogs.has(lang, id))
            .then(|| self.t(id))
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_string()));
        self.catalogs.format(self.lang, id, Some(&args))
    }

    /// The message for an error or validation code.
    pub fn code(&self, code: &str) -> String {
        self.catalogs.code(self.lang, code)
    }
}

/// The cookie a user's language choice is kept in.
pub const LANG_COOKIE: &str = "rm_lang";

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Translator {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(app) = request.rocket().state::<crate::state::App>() else {
            return Outcome::Forward(rocket::http::Status::InternalServerError);
        };
        Outcome::Success(Translator::new(app.catalogs.clone(), request_lang(request)))
    }
}

/// The language of a request: the `lang` query parameter, then the language cookie,
/// then `Accept-Language`, then French.
pub fn request_lang(request: &Request<'_>) -> Lang {
    request
        .query_value::<&str>("lang")
        .and_then(Result::ok)
        .and_then(Lang::from_tag)
        .or_else(|| {
            request
                .cookies()
                .get(LANG_COOKIE)
                .and_then(|c| Lang::from_tag(c.value()))
        })
        .unwrap_or_else(|| Lang::negotiate(request.headers().get_one("Accept-Language")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_languages() {
        assert_eq!(Lang::negotiate(None), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de, en;q=0.5, fr;q=0.8")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("de")), Lang::Fr);
    }

    #[test]
    fn both_catalogs_parse_and_hold_the_same_messages() {
        let catalogs = Catalogs::load().expect("catalogs parse");
        let ids = |lang| {
            let mut ids: Vec<String> = sources(lang)
                .iter()
                .flat_map(|s| s.lines())
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
                .filter(|id| {
                    !id.starts_with('#')
                        && !id.starts_with('.')
                        && !id.is_empty()
                        && !id.contains(' ')
                })
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(
            ids(Lang::Fr),
            ids(Lang::En),
            "fr.ftl and en.ftl must define the same ids"
        );
        assert_eq!(
            catalogs.code(Lang::En, "lease.not_found"),
            "Lease not found."
        );
        assert_eq!(
            catalogs.code(Lang::Fr, "lease.not_found"),
            "Bail introuvable."
        );
        assert_eq!(
            catalogs.code(Lang::En, "no.such.code"),
            "[missing translation: no-such-code]"
        );
        let tr = Translator::new(Arc::new(catalogs), Lang::En);
        assert_eq!(tr.try_t("nav-home").as_deref(), Some("Home"));
        assert_eq!(tr.try_t("nav-nowhere"), None);
        let sources = [Lang::Fr, Lang::En].map(|lang| sources(lang).concat());
        assert!(
            sources.iter().all(|s| !s.contains(MISSING_MARKER)),
            "a catalog's text must never look like a missing message"
        );
    }
}
