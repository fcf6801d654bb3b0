//! What a job is to the worker: a `kind` naming its handler and a JSON payload of its
//! arguments. Typed jobs implement [`Job`]; ad-hoc handlers can be registered as
//! closures. Jobs must be idempotent: a job may run more than once (a worker can
//! die after doing the work and before marking it done).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rentmark_domain::ports::NewJob;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The attempts a job gets unless it says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// A typed background job: its arguments are the value itself, stored as JSON.
pub trait Job: Serialize + DeserializeOwned + Send + 'static {
    /// The stored kind that selects this handler (`post_due_charges`).
    const KIND: &'static str;

    /// Attempts before the job is dead.
    const MAX_ATTEMPTS: u32 = DEFAULT_MAX_ATTEMPTS;

    /// The queue row for this job, due at `run_at`.
    ///
    /// # Errors
    /// When the value cannot be serialized to JSON.
    fn to_new_job(
        &self,
        run_at: DateTime<Utc>,
        unique_key: Option<String>,
    ) -> Result<NewJob, serde_json::Error> {
        Ok(NewJob {
            kind: Self::KIND.to_owned(),
            payload: serde_json::to_string(self)?,
            run_at,
            max_attempts: Self::MAX_ATTEMPTS,
            unique_key,
        })
    }
}

/// How a [`Job`] runs given the context `C` (services, clients) it needs; `C` is
/// cloned for every run.
pub trait Handle<C>: Job {
    /// Does the work. An error is retried with backoff, unless it is [`Permanent`].
    fn run(self, context: C) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// A failure that retrying cannot fix (malformed payload, unknown kind, a record
/// that no longer exists): the job is dead at once. Return it as
/// `Err(Permanent::new(..).into())`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Permanent(String);

impl Permanent {
    /// A permanent failure described by `reason`.
    pub fn new(reason: impl fmt::Display) -> Self {
        Self(reason.to_string())
    }
}

/// Whether a handler's error is [`Permanent`].
pub fn is_permanent(error: &anyhow::Error) -> bool {
    error.downcast_ref::<Permanent>().is_some()
}

/// The future a handler returns.
pub type HandlerFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// A type-erased handler: context and JSON payload in, outcome out.
type Handler<C> = Arc<dyn Fn(C, &str) -> HandlerFuture + Send + Sync>;

/// The handlers a worker knows, by kind, all sharing one context type.
pub struct Registry<C> {
    handlers: HashMap<String, Handler<C>>,
}

impl<C> Default for Registry<C> {
    fn default() -> Self {
        Self {
            handlers: HashMap::new(),
        }
    }
}

impl<C> fmt::Debug for Registry<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kinds: Vec<_> = self.handlers.keys().collect();
        kinds.sort();
        f.debug_struct("Registry").field("kinds", &kinds).finish()
    }
}

impl<C: Clone + Send + Sync + 'static> Registry<C> {
    /// No handlers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the typed job `J` under its kind (replacing any handler of that
    /// kind). A payload that does not parse as `J` is a [`Permanent`] failure.
    #[must_use]
    pub fn register<J: Handle<C>>(mut self) -> Self {
        let handler: Handler<C> = Arc::new(
            |context: C, payload: &str| match serde_json::from_str::<J>(payload) {
                Ok(job) => Box::pin(job.run(context)),
                Err(error) => {
                    let error =
                        Permanent::new(format_args!("malformed {} payload: {error}", J::KIND));
                    Box::pin(async move { Err(error.into()) })
                }
            },
        );
        self.handlers.insert(J::KIND.to_owned(), handler);
        self
    }

    /// Registers a closure for `kind`, given the context and the parsed JSON payload.
    /// A payload that is not JSON is a [`Permanent`] failure.
    #[must_use]
    pub fn register_fn<F, Fut>(mut self, kind: &str, handler: F) -> Self
    where
        F: Fn(C, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let kind_name = kind.to_owned();
        let handler: Handler<C> = Arc::new(move |context: C, payload: &str| {
            match serde_json::from_str::<serde_json::Value>(payload) {
                Ok(value) => Box::pin(handler(context, value)),
                Err(error) => {
                    let error =
                        Permanent::new(format_args!("malformed {kind_name} payload: {error}"));
                    Box::pin(async move { Err(error.into()) })
                }
            }
        });
        self.handlers.insert(kind.to_owned(), handler);
        self
    }

    /// Whether a handler is registered for `kind`.
    pub fn knows(&self, kind: &str) -> bool {
        self.handlers.contains_key(kind)
    }

    /// Starts the handler of `kind` on `payload`; `None` for an unknown kind.
    pub fn dispatch(&self, kind: &str, context: C, payload: &str) -> Option<HandlerFuture> {
        self.handlers
            .get(kind)
            .map(|handler| handler(context, payload))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct Greet {
        name: String,
    }

    impl Job for Greet {
        const KIND: &'static str = "greet";
        const MAX_ATTEMPTS: u32 = 2;
    }

    impl Handle<Seen> for Greet {
        async fn run(self, context: Seen) -> anyhow::Result<()> {
            if self.name.is_empty() {
                return Err(Permanent::new("nobody to greet").into());
            }
            context
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?
                .push(self.name);
            Ok(())
        }
    }

    type Seen = Arc<std::sync::Mutex<Vec<String>>>;

    fn seen(context: &Seen) -> Vec<String> {
        context.lock().expect("not poisoned").clone()
    }

    #[tokio::test]
    async fn dispatches_typed_jobs_by_kind() {
        let context = Seen::default();
        let registry = Registry::new().register::<Greet>();
        assert!(registry.knows("greet"));
        assert!(!registry.knows("other"));
        let job = Greet { name: "Ada".into() }
            .to_new_job(chrono::Utc::now(), Some("greet:ada".into()))
            .expect("a serializable job");
        assert_eq!(job.kind, "greet");
        assert_eq!(job.max_attempts, 2);
        assert_eq!(job.unique_key.as_deref(), Some("greet:ada"));
        let run = registry
            .dispatch(&job.kind, context.clone(), &job.payload)
            .expect("a known kind");
        run.await.expect("the job succeeds");
        assert_eq!(seen(&context), vec!["Ada".to_owned()]);
        assert!(registry.dispatch("other", context, "{}").is_none());
    }

    #[tokio::test]
    async fn a_malformed_payload_or_a_permanent_error_is_permanent() {
        let context = Seen::default();
        let registry = Registry::new().register::<Greet>().register_fn(
            "flaky",
            |_: Seen, value: serde_json::Value| async move {
                anyhow::ensure!(value["ok"] == true, "not yet");
                Ok(())
            },
        );
        let bad = registry
            .dispatch("greet", context.clone(), "{\"nom\": 1}")
            .expect("a known kind")
            .await
            .expect_err("a malformed payload fails");
        assert!(is_permanent(&bad), "{bad:#}");
        let empty = registry
            .dispatch("greet", context.clone(), "{\"name\": \"\"}")
            .expect("a known kind")
            .await
            .expect_err("the job refuses");
        assert!(is_permanent(&empty));
        let retryable = registry
            .dispatch("flaky", context.clone(), "{\"ok\": false}")
            .expect("a known kind")
            .await
            .expect_err("not yet");
        assert!(!is_permanent(&retryable));
        registry
            .dispatch("flaky", context.clone(), "{\"ok\": true}")
            .expect("a known kind")
            .await
            .expect("now it works");
        let not_json = registry
            .dispatch("flaky", context, "not json")
            .expect("a known kind")
            .await
            .expect_err("not JSON");
        assert!(is_permanent(&not_json));
    }
}
