//! The honour roll (荣誉榜): 劳动模范, 五一劳动奖章, 工匠, 技术能手, 身边的榜样 and 团队的荣光, filterable by
//! kind, level, year and department; a nomination form for team leads, studio leaders and union
//! admins; each honour's page with its citation and evidence, where admins publish or decline.

use crate::api::honours::{load_honour, load_honour_roll, DecideHonour, Nominate};
use crate::components::limited_text::LimitedText;
use crate::components::picker::Picker;
use crate::components::{action_error, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::honours::{HonourKind, HonourStatus, MAX_CITATION, MAX_STORY};
use crate::domain::studio::Level;
use crate::i18n::use_i18n;
use crate::model::honours::{HonourView, RollQuery};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HonoursPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <RollBody/> }/> }
}

#[component]
pub fn NominatePage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <NominateBody/> }/> }
}

#[component]
pub fn HonourPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <HonourBody/> }/> }
}

fn roll_query(q: &leptos_router::params::ParamsMap) -> RollQuery {
    let num = |k: &str| q.get(k).and_then(|v| v.trim().parse::<i64>().ok());
    RollQuery {
        kind: q.get("kind").unwrap_or_default(),
        level: q.get("level").unwrap_or_default(),
        year: num("year"),
        dept: num("dept"),
        status: q.get("status").unwrap_or_default(),
        page: num("page"),
    }
}

fn roll_href(q: &RollQuery, page: i64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [("kind", q.kind.clone()), ("level", q.level.clone()), ("status", q.status.clone())] {
        if !v.is_empty() {
            parts.push(format!("{k}={v}"));
        }
    }
    if let Some(y) = q.year {
        parts.push(format!("year={y}"));
    }
    if let Some(d) = q.dept {
        parts.push(format!("dept={d}"));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/honours".into()
    } else {
        format!("/honours?{}", parts.join("&"))
    }
}

#[component]
fn RollBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || roll_query(&query.read());
    let roll = Resource::new(q, load_honour_roll);
    view! {
        <h1>{move || i18n.t("nav.honours")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(roll, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(roll) => {
                    let current = q();
                    let status = roll.status;
                    let tabs = (roll.may_nominate).then(|| {
                        let waiting = roll.waiting;
                        let tab = |s: HonourStatus, key: &'static str| {
                            let href = roll_href(&RollQuery { status: if s == HonourStatus::Published { String::new() } else { s.code().into() }, ..Default::default() }, 1);
                            view! { <a href=href class="tab" aria-current=(s == status).then_some("page")>{move || i18n.t(key)}</a> }
                        };
                        view! {
                            <nav class="tabs" aria-label=move || i18n.t("honour.views")>
                                {tab(HonourStatus::Published, "honour.roll")}
                                <a href="/honours?status=nominated" class="tab" aria-current=(status == HonourStatus::Nominated).then_some("page")>
                                    {move || i18n.t("honour.waiting")}" "<span class="badge" data-testid="waiting">{waiting.to_string()}</span>
                                </a>
                                {tab(HonourStatus::Declined, "honour.status.declined")}
                                <a href="/honours/new" class="btn" data-testid="nominate">{move || i18n.t("honour.nominate")}</a>
                            </nav>
                        }
                    });
                    let kinds = HonourKind::ALL.into_iter().map(|k| {
                        let key = k.label_key();
                        view! { <option value=k.code() selected=current.kind == k.code()>{move || i18n.t(key)}</option> }
                    }).collect_view();
                    let levels = Level::ALL.into_iter().map(|l| {
                        let key = l.label_key();
                        view! { <option value=l.code() selected=current.level == l.code()>{move || i18n.t(key)}</option> }
                    }).collect_view();
                    let dept = roll.department.clone();
                    let cards = roll.items.iter().cloned().map(|h| view! { <HonourCard h=h/> }).collect_view();
                    let empty = roll.items.is_empty();
                    let pager = (roll.total > roll.per_page).then(|| {
                        let cq = current.clone();
                        crate::pages::pager(i18n, roll.page, roll.total, roll.per_page, move |p| roll_href(&cq, p))
                    });
                    view! {
                        {tabs}
                        <form method="get" action="/honours" class="form form-inline card" role="search">
                            {(!current.status.is_empty()).then(|| view! { <input type="hidden" name="status" value=current.status.clone()/> })}
                            {dept.clone().map(|(id, _)| view! { <input type="hidden" name="dept" value=id.to_string()/> })}
                            <label>{move || i18n.t("honour.kind")}
                                <select name="kind"><option value="">{move || i18n.t("common.all")}</option>{kinds}</select>
                            </label>
                            <label>{move || i18n.t("honour.level")}
                                <select name="level"><option value="">{move || i18n.t("common.all")}</option>{levels}</select>
                            </label>
                            <label>{move || i18n.t("honour.year")}
                                <input name="year" type="number" inputmode="numeric" min="1950" max="2100" value=current.year.map(|y| y.to_string()).unwrap_or_default()/>
                            </label>
                            <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
                            {dept.map(|(_, name)| view! {
                                <span class="tag">{name}</span>
                                <a href=roll_href(&RollQuery { dept: None, ..current.clone() }, 1)>{move || i18n.t("board.everyone")}</a>
                            })}
                        </form>
                        <p class="lead">{move || i18n.tf("honour.count", &[("n", roll.total.to_string())])}</p>
                        {if empty {
                            view! { <p class="muted empty">{move || i18n.t("honour.none")}</p> }.into_any()
                        } else {
                            view! { <div class="grid-3 honours">{cards}</div> }.into_any()
                        }}
                        {pager}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn HonourCard(h: HonourView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = h.kind.label_key();
    let level = h.level.label_key();
    let who = match &h.person {
        Some((id, name)) => view! { <a href=format!("/people/{id}")>{name.clone()}</a> }.into_any(),
        None => view! { <a href=format!("/teams/{}", h.team.0)>{h.team.1.clone()}</a> }.into_any(),
    };
    let mut excerpt: String = h.citation.chars().take(80).collect();
    if h.citation.chars().count() > 80 {
        excerpt.push('…');
    }
    view! {
        <article class="card honour" data-testid="honour">
            {h.photo.clone().map(|v| view! {
                <img class="honour-thumb" src=format!("/honours/{}/photo?v={v}", h.id) alt="" loading="lazy" width="72" height="72"/>
            })}
            <p class="honour-kind"><span class="tag tag-award">{move || i18n.t(kind)}</span>" "<span class="tag">{move || i18n.t(level)}</span>" "{h.year.to_string()}</p>
            <h2><a href=format!("/honours/{}", h.id)>{h.title.clone()}</a></h2>
            <p class="honour-who">{who}" · "{h.person.as_ref().map(|_| h.team.1.clone())}
                <a class="muted" href=format!("/honours?dept={}", h.department.0)>{h.department.1.clone()}</a>
            </p>
            <p>{excerpt}</p>
        </article>
    }
}

#[component]
fn HonourBody() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let honour = Resource::new(id, load_honour);
    let query = use_query_map();
    let upload_error = query.read_untracked().get("upload_error").filter(|k| k.starts_with("err."));
    let decide = ServerAction::<DecideHonour>::new();
    let err = action_error(decide);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(honour, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(h) => {
                    let kind = h.kind.label_key();
                    let level = h.level.label_key();
                    let status = h.status.label_key();
                    let who = match &h.person {
                        Some((pid, name)) => view! { <a href=format!("/people/{pid}")>{name.clone()}</a>" · "<a href=format!("/teams/{}", h.team.0)>{h.team.1.clone()}</a> }.into_any(),
                        None => view! { <a href=format!("/teams/{}", h.team.0)>{h.team.1.clone()}</a> }.into_any(),
                    };
                    let (hid, hid2) = (h.id.to_string(), h.id.to_string());
                    view! {
                        <p><a href="/honours">{move || i18n.t("honour.back")}</a></p>
                        <h1>{h.title.clone()}</h1>
                        <p class="lead">
                            <span class="tag tag-award">{move || i18n.t(kind)}</span>" "<span class="tag">{move || i18n.t(level)}</span>" "
                            {h.year.to_string()}" · "{who}" · "{h.department.1.clone()}
                        </p>
                        {(h.status != HonourStatus::Published).then(|| view! {
                            <p class="alert" data-testid="honour-status">{move || i18n.t(status)}{(!h.decision_note.is_empty()).then(|| view! { "：" {h.decision_note.clone()} })}</p>
                        })}
                        {h.photo.clone().map(|v| {
                            let alt = i18n.tf("honour.photo_alt", &[("title", h.title.clone())]);
                            view! { <img class="honour-photo" src=format!("/honours/{}/photo?v={v}", h.id) alt=alt data-testid="honour-photo"/> }
                        })}
                        {h.may_set_photo.then(|| {
                            let upload_error = upload_error.clone();
                            view! {
                                <section class="card" data-testid="photo-upload">
                                    <h2>{move || i18n.t("honour.photo")}</h2>
                                    <form method="post" enctype="multipart/form-data" action=format!("/honours/{}/photo", h.id) class="form">
                                        <label for="honour-photo-file">{move || i18n.t("honour.photo_file")}</label>
                                        <input id="honour-photo-file" type="file" name="file" accept="image/jpeg,image/png,image/webp,image/gif" required aria-describedby="honour-photo-hint"/>
                                        <p id="honour-photo-hint" class="muted">{move || i18n.t("honour.photo_hint")}</p>
                                        {upload_error.map(|k| view! { <p class="field-error" role="alert">{move || i18n.t(&k)}</p> })}
                                        <button type="submit" class="btn">{move || i18n.t("honour.photo_upload")}</button>
                                    </form>
                                </section>
                            }
                        })}
                        <section class="card">
                            <h2>{move || i18n.t("honour.citation")}</h2>
                            <p class="prose">{h.citation.clone()}</p>
                            {(!h.story.is_empty()).then(|| view! {
                                <h2>{move || i18n.t("honour.story")}</h2>
                                <p class="prose">{h.story.clone()}</p>
                            })}
                        </section>
                        <section class="card" data-testid="evidence">
                            <h2>{move || i18n.t("honour.evidence")}</h2>
                            <ul class="plain-list">
                                {h.event.clone().map(|(eid, title)| view! { <li><a href=format!("/events/{eid}/results")>{move || i18n.t("honour.evidence_event")}": "{title.clone()}</a></li> })}
                                {h.project.clone().map(|(pid, title)| view! { <li><a href=format!("/projects/{pid}")>{move || i18n.t("honour.evidence_project")}": "{title.clone()}</a></li> })}
                                {(h.event.is_none() && h.project.is_none()).then(|| view! { <li class="muted">{move || i18n.t("honour.no_evidence")}</li> })}
                            </ul>
                            <dl class="facts">
                                <dt>{move || i18n.t("board.col.points")}</dt><dd>{h.points.to_string()}</dd>
                                <dt>{move || i18n.t("honour.nominated_by")}</dt><dd>{h.nominator.1.clone()}" · "{h.nominated_at.clone()}</dd>
                                {h.decided_at.clone().map(|at| view! { <dt>{move || i18n.t("honour.decided_at")}</dt><dd>{at}</dd> })}
                            </dl>
                        </section>
                        {h.may_decide.then(move || view! {
                            <section class="card" data-testid="decide">
                                <h2>{move || i18n.t("honour.decide")}</h2>
                                <FormStatus error=err ok=Signal::derive(|| false)/>
                                <ActionForm action=decide attr:class="form form-inline">
                                    <input type="hidden" name="id" value=hid.clone()/>
                                    <input type="hidden" name="decision" value="publish"/>
                                    <button type="submit" class="btn">{move || i18n.t("honour.publish")}</button>
                                </ActionForm>
                                <ActionForm action=decide attr:class="form form-inline">
                                    <input type="hidden" name="id" value=hid2.clone()/>
                                    <input type="hidden" name="decision" value="decline"/>
                                    <label>{move || i18n.t("honour.decline_note")}
                                        <input name="note" aria-invalid=invalid(err, "note")/>
                                    </label>
                                    <FieldError error=err field="note"/>
                                    <button type="submit" class="btn btn-ghost">{move || i18n.t("honour.decline")}</button>
                                </ActionForm>
                            </section>
                        })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn NominateBody() -> impl IntoView {
    let i18n = use_i18n();
    let nominate = ServerAction::<Nominate>::new();
    let err = action_error(nominate);
    let counter = i18n.t("form.counter");
    let has_error = move |field: &'static str| crate::components::has_error(err, field);
    let kinds = HonourKind::ALL
        .into_iter()
        .map(|k| {
            let key = k.label_key();
            view! { <option value=k.code()>{move || i18n.t(key)}</option> }
        })
        .collect_view();
    let levels = Level::ALL
        .into_iter()
        .map(|l| {
            let key = l.label_key();
            view! { <option value=l.code()>{move || i18n.t(key)}</option> }
        })
        .collect_view();
    view! {
        <h1>{move || i18n.t("honour.nominate")}</h1>
        <p class="lead">{move || i18n.t("honour.nominate_lead")}</p>
        <ActionForm action=nominate attr:class="form form-grid card">
            <FormStatus error=err ok=Signal::derive(|| false)/>
            <div>
                <label for="h-kind">{move || i18n.t("honour.kind")}</label>
                <select id="h-kind" name="form[kind]">{kinds}</select>
                <FieldError error=err field="kind"/>
            </div>
            <div>
                <label for="h-level">{move || i18n.t("honour.level")}</label>
                <select id="h-level" name="form[level]">{levels}</select>
                <FieldError error=err field="level"/>
            </div>
            <div>
                <label for="h-year">{move || i18n.t("honour.year")}</label>
                <input id="h-year" name="form[year]" type="number" inputmode="numeric" min="1950" required aria-invalid=invalid(err, "year")/>
                <FieldError error=err field="year"/>
            </div>
            <div>
                <label for="h-title">{move || i18n.t("honour.title")}</label>
                <input id="h-title" name="form[title]" maxlength="40" required placeholder=move || i18n.t("honour.title_hint") aria-invalid=invalid(err, "title")/>
                <FieldError error=err field="title"/>
            </div>
            <div>
                <label for="h-nominee">{move || i18n.t("honour.nominee")}</label>
                <Picker kind="people".into() id="h-nominee".into() name="form[nominee]".into() value=String::new() shown=String::new()
                    label=String::new() placeholder=i18n.t("honour.nominee_hint") none=i18n.t("picker.nobody") invalid=has_error("nominee") required=false multiple=false/>
                <FieldError error=err field="nominee"/>
            </div>
            <div>
                <label for="h-team">{move || i18n.t("honour.team")}</label>
                <Picker kind="teams".into() id="h-team".into() name="form[team]".into() value=String::new() shown=String::new()
                    label=String::new() placeholder=i18n.t("honour.team_hint") none=i18n.t("picker.no_team") invalid=has_error("team") required=false multiple=false/>
                <FieldError error=err field="team"/>
            </div>
            <div class="full">
                <label for="h-citation">{move || i18n.t("honour.citation")}</label>
                <LimitedText id="h-citation".into() name="form[citation]".into() value=String::new() max=MAX_CITATION counter=counter.clone() invalid=has_error("citation") optional=false/>
                <FieldError error=err field="citation"/>
            </div>
            <div class="full">
                <label for="h-story">{move || i18n.t("honour.story_field")}</label>
                <LimitedText id="h-story".into() name="form[story]".into() value=String::new() max=MAX_STORY counter=counter.clone() invalid=has_error("story") optional=true/>
                <FieldError error=err field="story"/>
            </div>
            <div>
                <label for="h-event">{move || i18n.t("honour.evidence_event_id")}</label>
                <input id="h-event" name="form[event]" inputmode="numeric" aria-invalid=invalid(err, "event")/>
                <FieldError error=err field="event"/>
            </div>
            <div>
                <label for="h-project">{move || i18n.t("honour.evidence_project_id")}</label>
                <input id="h-project" name="form[project]" inputmode="numeric" aria-invalid=invalid(err, "project")/>
                <FieldError error=err field="project"/>
            </div>
            <div>
                <label for="h-points">{move || i18n.t("honour.points")}</label>
                <input id="h-points" name="form[points]" inputmode="numeric" value="0" aria-invalid=invalid(err, "points")/>
                <FieldError error=err field="points"/>
            </div>
            <div class="full"><button type="submit" class="btn">{move || i18n.t("honour.submit")}</button></div>
        </ActionForm>
    }
}
