//! Typed path segments: the cluster id, connector name and task number parsed once, at the
//! edge, each refused with its own field before anything is looked up.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use sluice_shared::{ClusterId, ConnectorName};

use crate::error::AppError;

/// `{cluster}`.
pub struct ClusterPath(pub ClusterId);

/// `{cluster}` and `{name}`.
pub struct ConnectorPath {
    pub cluster: ClusterId,
    pub name: ConnectorName,
}

/// `{task}`: a task number.
pub struct TaskNumber(pub u32);

/// `{partition}` and `{offset}`: one record of a topic.
pub struct RecordAt {
    pub partition: i32,
    pub offset: i64,
}

/// `{job}`: a background job's id.
pub struct JobId(pub String);

/// The raw value of each named segment, percent-decoded.
struct Segments(Vec<(String, String)>);

impl Segments {
    async fn of<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::Invalid {
                field: "path",
                message: e.body_text(),
            })?;
        Ok(Self(
            raw.iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        ))
    }

    fn get(&self, key: &'static str) -> Result<&str, AppError> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            // A route declared without the segment its handler asks for: a programming error.
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("route has no `{{{key}}}` segment")))
    }

    fn cluster(&self) -> Result<ClusterId, AppError> {
        ClusterId::parse(self.get("cluster")?).map_err(|e| AppError::invalid_name("cluster", e))
    }

    fn name(&self) -> Result<ConnectorName, AppError> {
        ConnectorName::parse(self.get("name")?).map_err(|e| AppError::invalid_name("name", e))
    }

    fn number<T: std::str::FromStr>(&self, key: &'static str) -> Result<T, AppError> {
        let raw = self.get(key)?;
        raw.parse().map_err(|_| AppError::Invalid {
            field: key,
            message: format!("`{raw}` is not a {key} number"),
        })
    }

    fn task(&self) -> Result<u32, AppError> {
        self.number("task")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClusterPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Ok(Self(Segments::of(parts, state).await?.cluster()?))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ConnectorPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let s = Segments::of(parts, state).await?;
        Ok(Self {
            cluster: s.cluster()?,
            name: s.name()?,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for TaskNumber {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Ok(Self(Segments::of(parts, state).await?.task()?))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RecordAt {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let s = Segments::of(parts, state).await?;
        Ok(Self {
            partition: s.number("partition")?,
            offset: s.number("offset")?,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for JobId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let s = Segments::of(parts, state).await?;
        let id = s.get("job")?;
        let ok = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(AppError::Invalid {
                field: "job",
                message: format!("`{id}` is not a job id"),
            });
        }
        Ok(Self(id.to_owned()))
    }
}
