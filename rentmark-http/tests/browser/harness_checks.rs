//! The harness catches what it promises to: a page with a JavaScript error, an error
//! logged to the console, a broken image, an HTTP error page, a missing translation;
//! and a page without any of them passes.

use crate::Journey;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checks_catch_script_errors_error_pages_and_missing_translations() {
    let journey = Journey::start("harness").await;
    let me = journey.browser().await;

    me.goto_unchecked("/signup").await;
    assert_eq!(
        me.problems().await,
        Vec::<String>::new(),
        "the sign-up page is clean"
    );

    me.goto_unchecked("data:text/html,<h1>Script</h1><script>noSuchFunction()</script>")
        .await;
    let problems = me.problems().await;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("console error") && p.contains("noSuchFunction")),
        "{problems:?}"
    );

    me.goto_unchecked("data:text/html,<h1>Logged</h1><script>console.error('it broke')</script>")
        .await;
    let problems = me.problems().await;
    assert!(
        problems.iter().any(|p| p.contains("it broke")),
        "{problems:?}"
    );

    // An image of the app's own pages that is not there.
    me.goto_unchecked("/login").await;
    assert_eq!(
        me.problems().await,
        Vec::<String>::new(),
        "the sign-in page is clean"
    );
    let _: Option<String> = me
        .eval("document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/no-such.png\">'); return null;")
        .await;
    let mut problems = Vec::new();
    for _ in 0..50 {
        problems = me.problems().await;
        if !problems.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        problems
            .iter()
            .any(|p| p.contains("/static/no-such.png") && p.contains("404")),
        "{problems:?}"
    );

    me.goto_unchecked("/no-such-page").await;
    let problems = me.problems().await;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("HTTP error page 404")),
        "{problems:?}"
    );

    let missing = rentmark_http::i18n::missing_text("nav-nowhere");
    me.goto_unchecked(&format!("data:text/html,<h1>Missing</h1><p>{missing}</p>"))
        .await;
    let problems = me.problems().await;
    assert!(
        problems.contains(&"missing translation: nav-nowhere".to_owned()),
        "{problems:?}"
    );

    journey.finish(vec![me]).await;
}
