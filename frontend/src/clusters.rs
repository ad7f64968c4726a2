//! The configured clusters, asked once after sign-in and shared app-wide through context.

use leptos::prelude::*;
use sluice_shared::{ApiError, ClusterSummary};

use crate::api;

#[derive(Clone, Copy)]
pub struct Clusters(LocalResource<Result<Vec<ClusterSummary>, ApiError>>);

impl Clusters {
    pub fn provide() {
        provide_context(Self(LocalResource::new(api::clusters)));
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// `None` while loading (tracked).
    pub fn list(&self) -> Option<Result<Vec<ClusterSummary>, ApiError>> {
        self.0.get()
    }

    pub fn resource(&self) -> LocalResource<Result<Vec<ClusterSummary>, ApiError>> {
        self.0
    }

    /// Asks again: a cluster came back, so its version and reachability changed.
    pub fn refresh(&self) {
        self.0.refetch();
    }
}
