//! The editors' search and what they do with a selection (issue 18 part 2): the search
//! page (a GET form, so the URL keeps the query), the confirmation page of a bulk action,
//! and its report, or the selection as CSV. Thin: parse, ask the workflow, render.
//!
//! Every query string and form is read field by field ([`SearchForm::from_pairs`]), never
//! by an extractor that could refuse it with a bare 400: a bad value is a message beside
//! its field, with status 422.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::csrf::url::form_urlencoded_parse;
use super::{AppError, Chrome, Ctx, LazyCtx, form_status, render_with};
use crate::db::search::Choices;
use crate::domain::FormErrors;
use crate::domain::permissions::Action;
use crate::domain::search::{ListChoice, SearchForm, SearchQuery, SortColumn, listed_state};
use crate::domain::statistics::thousands;
use crate::domain::submission_state::SubmissionState;
use crate::workflow::bulk::{self, Acting, MAX_SELECTED, Report};
use crate::workflow::editorial::{self, Paged, QueueLine};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/search", web::get().to(search))
        .route("/editorial/search/selection", web::post().to(selection))
        .route("/editorial/search/bulk", web::post().to(bulk));
}

/// `application/x-www-form-urlencoded` text, for links that keep a search.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The query string of a search: its filters, then the sort and the page asked for.
fn query_string(form: &SearchForm, sort: &str, dir: &str, page: usize) -> String {
    let mut parts: Vec<String> = form
        .filters()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if !sort.is_empty() {
        parts.push(format!("sort={}", encode(sort)));
    }
    if !dir.is_empty() {
        parts.push(format!("dir={}", encode(dir)));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    parts.join("&")
}

#[derive(Template)]
#[template(path = "editorial/search.html")]
struct SearchPage {
    chrome: Chrome,
    /// As typed, to show it again.
    form: SearchForm,
    errors: FormErrors,
    /// `None` when the form had errors: nothing was searched.
    results: Option<Paged>,
    query: SearchQuery,
    is_chief: bool,
    choices: Choices,
}

impl SearchPage {
    fn states(&self) -> Vec<SubmissionState> {
        SubmissionState::ALL
            .into_iter()
            .filter(|s| listed_state(*s))
            .collect()
    }

    fn lists(&self) -> Vec<ListChoice> {
        if self.is_chief {
            ListChoice::ALL.to_vec()
        } else {
            vec![ListChoice::All]
        }
    }

    fn columns(&self) -> [SortColumn; 7] {
        SortColumn::ALL
    }

    /// The same search sorted by `column`: ascending first, descending when it already
    /// was ascending.
    fn sort_link(&self, column: &SortColumn) -> String {
        let dir = if self.query.sort == *column && !self.query.descending {
            "desc"
        } else {
            "asc"
        };
        format!(
            "/editorial/search?{}",
            query_string(&self.form, column.as_str(), dir, 1)
        )
    }

    fn sorted_by(&self, column: &SortColumn) -> bool {
        self.query.sort == *column
    }

    /// How a column is sorted now, for `aria-sort`.
    fn aria_sort(&self, column: &SortColumn) -> &'static str {
        match (self.query.sort == *column, self.query.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        }
    }

    /// The pager's link to `page` of the same search and sort.
    fn link(&self, _list: &str, page: usize) -> String {
        let dir = if self.query.descending { "desc" } else { "asc" };
        format!(
            "/editorial/search?{}",
            query_string(&self.form, self.query.sort.as_str(), dir, page)
        )
    }

    /// The query string of this search as shown, carried by the selection form so its
    /// pages can come back to it.
    fn back(&self) -> String {
        let dir = if self.query.descending { "desc" } else { "asc" };
        let page = self.results.as_ref().map_or(1, |r| r.page);
        query_string(&self.form, self.query.sort.as_str(), dir, page)
    }

    fn count<N: std::borrow::Borrow<usize>>(&self, n: N) -> String {
        thousands(*n.borrow())
    }

    fn chosen(&self, field: &str, value: &str) -> bool {
        let typed = match field {
            "state" => &self.form.state,
            "editor" => &self.form.editor,
            "collection" => &self.form.collection,
            "list" => &self.form.list,
            "sort" => &self.form.sort,
            _ => &self.form.dir,
        };
        typed.trim() == value
    }

    fn submitted(&self, line: &QueueLine) -> String {
        line.submitted_at
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

/// GET /editorial/search?q=…&state=…&sort=…&page=…
pub async fn search(ctx: LazyCtx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let form = SearchForm::from_pairs(form_urlencoded_parse(req.query_string().as_bytes()));
    let parsed = form.parse();
    let (memo, site) = (ctx.state().memo.clone(), ctx.state().config.site());
    let query = parsed.clone().unwrap_or_default();
    let errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let (ctx, (results, is_chief, choices)) = ctx
        .run_signed_in(move |conn, viewer| {
            if !viewer.may(Action::OpenEditorialQueue) {
                return Err(AppError::NotFound);
            }
            let (person, roles) = (&viewer.person, &viewer.roles);
            let settings = site.settings();
            let today = crate::db::now().date();
            // A form with errors searches nothing; the page still offers its choices.
            let Ok(q) = parsed.as_ref() else {
                let choices = editorial::choices(conn, roles)?;
                return Ok((None, roles.iter().any(is_chief), choices));
            };
            let found = editorial::search(conn, person, roles, (&settings, today), q, &memo)?;
            Ok((Some(found.results), found.is_chief, found.choices))
        })
        .await?;
    render_with(
        form_status(&errors),
        &SearchPage {
            chrome: ctx.chrome("Search submissions"),
            form,
            errors,
            results,
            query,
            is_chief,
            choices,
        },
    )
}

/// A bulk form as sent: the selected ids (repeated `id`), the action, the editor and reason
/// of a reassignment, and the search to come back to.
#[derive(Default)]
struct BulkForm {
    ids: Vec<i64>,
    /// Some `id` was not a submission's number as the page writes it.
    unreadable: bool,
    /// "Select all that this search found": every match of `back`, every page.
    every_match: bool,
    action: String,
    editor: String,
    reason: String,
    back: SearchForm,
    back_sort: (String, String, usize),
}

impl BulkForm {
    fn read(body: &[u8]) -> BulkForm {
        let mut f = BulkForm::default();
        let mut back = String::new();
        for (k, v) in form_urlencoded_parse(body) {
            match k.as_str() {
                "id" => match v.trim().parse::<i64>() {
                    Ok(id) if id > 0 => f.ids.push(id),
                    _ => f.unreadable = true,
                },
                "action" => f.action = v,
                "editor" => f.editor = v,
                "reason" => f.reason = v,
                "back" => back = v,
                "every_match" => f.every_match = v == "yes",
                _ => {}
            }
        }
        // The search to come back to, read as any search is (so it can only ever be one).
        let pairs: Vec<(String, String)> = form_urlencoded_parse(back.as_bytes()).collect();
        f.back = SearchForm::from_pairs(pairs.clone());
        let field = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let page = field("page").trim().parse::<usize>().unwrap_or(1).max(1);
        f.back_sort = (field("sort"), field("dir"), page);
        f
    }

    fn back_link(&self) -> String {
        let (sort, dir, page) = &self.back_sort;
        format!(
            "/editorial/search?{}",
            query_string(&self.back, sort, dir, *page)
        )
    }

    fn back_value(&self) -> String {
        let (sort, dir, page) = &self.back_sort;
        query_string(&self.back, sort, dir, *page)
    }

    /// The selection's own problems, whatever the action.
    fn selection_errors(&self) -> FormErrors {
        let mut e = FormErrors::new();
        if self.unreadable {
            e.add(
                "id",
                "A selected submission could not be read; select from the list again.",
            );
        } else if self.ids.is_empty() {
            e.add("id", "Select at least one submission.");
        } else if self.ids.len() > MAX_SELECTED && self.every_match {
            e.add(
                "id",
                format!(
                    "This search found more than {MAX_SELECTED} submissions: narrow it, or select on the page."
                ),
            );
        } else if self.ids.len() > MAX_SELECTED {
            e.add(
                "id",
                format!("Select at most {MAX_SELECTED} submissions at once."),
            );
        }
        if !["remind", "reassign", "export"].contains(&self.action.as_str()) {
            e.add(
                "action",
                "Choose what to do: remind the reviewers, reassign, or export.",
            );
        }
        e
    }
}

#[derive(Template)]
#[template(path = "editorial/bulk_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    action: String,
    lines: Vec<QueueLine>,
    left_out: usize,
    editors: Vec<(i64, String)>,
    editor: String,
    reason: String,
    back_link: String,
    back: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "editorial/bulk_report.html")]
struct ReportPage {
    chrome: Chrome,
    action: String,
    report: Report,
    back_link: String,
}

/// Who acts, for the workflow: 404 for anyone who has no editorial lists.
fn acting_editor(ctx: &Ctx) -> Result<crate::web::Acting, AppError> {
    ctx.viewer_who_may(Action::OpenEditorialQueue)?;
    ctx.acting()
}

/// The confirmation page (or the same page again with its errors, 422).
async fn confirm_page(
    ctx: &Ctx,
    f: BulkForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = acting_editor(ctx)?;
    let memo = ctx.state.memo.clone();
    let ids = f.ids.clone();
    let (lines, left_out, choices) = ctx
        .state
        .db
        .run(move |conn| {
            let who = Acting {
                person: &person,
                roles: &roles,
                site: &site,
                memo: &memo,
            };
            let (lines, left_out) = who
                .selection(conn, &ids)
                .map_err(|e| AppError::Internal(e.into()))?;
            // The editors she may choose from are those the search form offers her.
            let choices = editorial::choices(conn, &roles)?;
            Ok::<_, AppError>((lines, left_out, choices))
        })
        .await?;
    let page = ConfirmPage {
        chrome: ctx.chrome("Confirm"),
        action: f.action.clone(),
        lines,
        left_out,
        editors: choices.editors,
        editor: f.editor.clone(),
        reason: f.reason.clone(),
        back_link: f.back_link(),
        back: f.back_value(),
        errors,
    };
    render_with(form_status(&page.errors), &page)
}

/// POST /editorial/search/selection: what to do with the selected submissions. The export
/// answers at once with the CSV; reminders and a reassignment first show what will be done,
/// and nothing is sent until that page is confirmed.
pub async fn selection(ctx: Ctx, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let mut f = BulkForm::read(&body);
    let (person, roles, site) = acting_editor(&ctx)?;
    if f.every_match {
        f.ids = every_match_of(&ctx, &f.back).await?;
    }
    let errors = f.selection_errors();
    if !errors.is_empty() {
        return confirm_page(&ctx, f, errors).await;
    }
    if f.action == "reassign" && !ctx.viewer()?.roles.iter().any(is_chief) {
        return Err(AppError::NotFound);
    }
    if f.action != "export" {
        return confirm_page(&ctx, f, FormErrors::new()).await;
    }
    let memo = ctx.state.memo.clone();
    let csv = ctx
        .state
        .db
        .run(move |conn| {
            let who = Acting {
                person: &person,
                roles: &roles,
                site: &site,
                memo: &memo,
            };
            bulk::export_csv(conn, &who, &f.ids).map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(
                "selected-submissions.csv".to_owned(),
            )],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(csv))
}

/// The ids of every submission the search `back` finds in the reader's lists (one more
/// than may be selected at most, so that too many can be said); none when it does not read.
async fn every_match_of(ctx: &Ctx, back: &SearchForm) -> Result<Vec<i64>, AppError> {
    let Ok(q) = back.parse() else {
        return Ok(Vec::new());
    };
    let (person, roles, site) = acting_editor(ctx)?;
    let memo = ctx.state.memo.clone();
    ctx.state
        .db
        .run(move |conn| {
            let today = crate::db::now().date();
            let settings = site.settings();
            let at_most = MAX_SELECTED + 1;
            editorial::every_match(
                conn,
                &person,
                &roles,
                (&settings, today),
                &q,
                &memo,
                at_most,
            )
            .map_err(AppError::from)
        })
        .await
}

fn is_chief(r: &crate::domain::permissions::HeldRole) -> bool {
    r.role == crate::domain::Role::EditorInChief
}

/// POST /editorial/search/bulk: the confirmed action, one submission at a time, each in its
/// own transaction; the report says what was done to each and why anything was refused.
pub async fn bulk(ctx: Ctx, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let f = BulkForm::read(&body);
    let (person, roles, site) = acting_editor(&ctx)?;
    let mut errors = f.selection_errors();
    if f.action == "export" {
        errors.add(
            "action",
            "Nothing to confirm for an export: export from the search.",
        );
    }
    let reassign_to = if f.action == "reassign" {
        if !roles.iter().any(is_chief) {
            return Err(AppError::NotFound);
        }
        let editor = f.editor.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if editor.is_none() {
            errors.add("editor", "Choose the handling editor to assign.");
        }
        let reason = f.reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            errors.add(
                "reason",
                "Give the reason for this assignment (it is recorded), in under 2,000 characters.",
            );
        }
        editor
    } else {
        None
    };
    if !errors.is_empty() {
        return confirm_page(&ctx, f, errors).await;
    }
    let memo = ctx.state.memo.clone();
    let (action, ids, reason) = (f.action.clone(), f.ids.clone(), f.reason.trim().to_owned());
    let report = ctx
        .state
        .db
        .run(move |conn| {
            let who = Acting {
                person: &person,
                roles: &roles,
                site: &site,
                memo: &memo,
            };
            match reassign_to {
                Some(editor) => bulk::reassign(conn, &who, &ids, editor, &reason),
                None => bulk::remind_reviewers(conn, &who, &ids),
            }
            .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    render_with(
        StatusCode::OK,
        &ReportPage {
            chrome: ctx.chrome(if action == "reassign" {
                "Reassigned"
            } else {
                "Reminders sent"
            }),
            action,
            report,
            back_link: f.back_link(),
        },
    )
}
