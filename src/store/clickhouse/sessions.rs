//! Sessions: the live summaries that share a session id, summed.
//!
//! A page is two queries, whatever its length: the session ids of the page (sessions with a
//! trace matching the filter, ranked by their latest trace's start over *all* their traces),
//! then every live summary of those sessions, summed per session by
//! `SessionSummary::from_traces`, the same code `get_session` and SQLite use, so list and get
//! agree. `session_id` has a bloom filter index, so the second query reads few granules.

use std::collections::HashMap;

use super::filter;
use super::http::Http;
use super::sql::Sql;
use super::summary::{StoredSummary, summary_select};
use crate::model::{
    Session, SessionCursor, SessionPage, SessionQuery, SessionSummary, TraceSummary, next_page,
};
use crate::store::StoreError;

/// The live summaries of `ids`' sessions, in start order.
async fn traces_of(http: &Http, db: &str, ids: &[String]) -> Result<Vec<TraceSummary>, StoreError> {
    let mut sql = Sql::new(format!(
        "SELECT {} FROM {db}.trace_summaries AS t FINAL WHERE t.deleted = 0",
        summary_select("t")
    ));
    sql.and_any_of("t.session_id", ids);
    sql.push(" ORDER BY t.start_ns, t.trace_id");
    http.fetch::<StoredSummary>(&sql)
        .await?
        .into_iter()
        .map(StoredSummary::into_summary)
        .collect()
}

pub async fn list_sessions(
    http: &Http,
    db: &str,
    q: &SessionQuery,
) -> Result<SessionPage, StoreError> {
    let limit = q.page_size();
    let mut sql = Sql::new(format!(
        "SELECT assumeNotNull(t.session_id) AS sid FROM {db}.trace_summaries AS t FINAL \
         WHERE t.deleted = 0 AND t.session_id IN (\
         SELECT t.session_id FROM {db}.trace_summaries AS t FINAL WHERE "
    ));
    filter::trace_where(&mut sql, db, &q.filter);
    sql.push(" AND t.session_id IS NOT NULL) GROUP BY sid");
    if let Some(c) = &q.cursor {
        let time = sql.bind(&c.last_time.0);
        let id = sql.bind(c.session_id.as_str());
        sql.push(&format!(" HAVING (max(t.start_ns), sid) < ({time}, {id})"));
    }
    sql.push(&format!(
        " ORDER BY max(t.start_ns) DESC, sid DESC LIMIT {}",
        limit + 1
    ));
    let ids: Vec<String> = http
        .fetch::<(String,)>(&sql)
        .await?
        .into_iter()
        .map(|(id,)| id)
        .collect();
    let mut by_session: HashMap<String, Vec<TraceSummary>> = HashMap::new();
    if !ids.is_empty() {
        for t in traces_of(http, db, &ids).await? {
            if let Some(id) = t.session_id.clone() {
                by_session.entry(id).or_default().push(t);
            }
        }
    }
    let mut sessions: Vec<SessionSummary> = ids
        .iter()
        .filter_map(|id| SessionSummary::from_traces(id, by_session.get(id)?))
        .collect();
    let next_cursor = next_page(&mut sessions, limit, SessionCursor::after);
    Ok(SessionPage {
        sessions,
        next_cursor,
    })
}

pub async fn get_session(http: &Http, db: &str, id: &str) -> Result<Session, StoreError> {
    let traces = traces_of(http, db, &[id.to_string()]).await?;
    let session = SessionSummary::from_traces(id, &traces)
        .ok_or_else(|| StoreError::NoSuchSession(id.to_string()))?;
    Ok(Session { session, traces })
}
