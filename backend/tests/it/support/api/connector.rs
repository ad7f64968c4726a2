//! One connector's routes (`/api/v1/clusters/{cluster}/connectors/{name}…`), typed.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use sluice_shared::admin::SetOwner;
use sluice_shared::history::{ConfigVersion, RollbackRequest};
use sluice_shared::{
    ConfigInfos, ConnectorOffsets, DeleteResult, OffsetsChanged, RedactedConfig, SlotInfo,
};

use super::{Api, Refusal};

/// One connector's routes, from [`Api::connector`].
pub struct Connector<'a> {
    pub(super) api: &'a Api,
    /// `/api/v1/clusters/{cluster}/connectors/{name}`
    pub(super) path: String,
}

impl Connector<'_> {
    /// The connector's path followed by `suffix` (`/config`, `?drop_slot=true`, …).
    pub fn path(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.path)
    }

    /// `GET …/{name}/config`: secrets replaced by the sentinel.
    pub async fn config(&self) -> Result<RedactedConfig, Refusal> {
        self.api.get(&self.path("/config")).await
    }

    /// `PUT …/{name}/config`
    pub async fn put_config(
        &self,
        config: &BTreeMap<String, String>,
    ) -> Result<RedactedConfig, Refusal> {
        self.api.put(&self.path("/config"), config).await
    }

    /// `PATCH …/{name}/config`: `None` removes a key.
    pub async fn patch_config(
        &self,
        patch: &BTreeMap<String, Option<String>>,
    ) -> Result<RedactedConfig, Refusal> {
        self.api.patch(&self.path("/config"), patch).await
    }

    /// `PUT …/{name}/config/validate`: Connect's verdict on an edit, per field.
    pub async fn validate(
        &self,
        config: &BTreeMap<String, String>,
    ) -> Result<ConfigInfos, Refusal> {
        self.api.put(&self.path("/config/validate"), config).await
    }

    /// `GET …/{name}/config/history`, newest first.
    pub async fn history(&self) -> Result<Vec<ConfigVersion>, Refusal> {
        self.api.get(&self.path("/config/history")).await
    }

    /// `POST …/{name}/config/rollback`
    pub async fn rollback(&self, version: i64) -> Result<RedactedConfig, Refusal> {
        let request = RollbackRequest { version };
        self.api
            .post(&self.path("/config/rollback"), &request)
            .await
    }

    /// `GET …/{name}/slot`
    pub async fn slot(&self) -> Result<SlotInfo, Refusal> {
        self.api.get(&self.path("/slot")).await
    }

    /// `DELETE …/{name}[?drop_slot=true]`
    pub async fn delete(&self, drop_slot: bool) -> Result<DeleteResult, Refusal> {
        let query = if drop_slot { "?drop_slot=true" } else { "" };
        self.api.delete(&self.path(query)).await
    }

    /// `PUT …/{name}/pause`
    pub async fn pause(&self) -> Result<StatusCode, Refusal> {
        self.api.act(Method::PUT, &self.path("/pause")).await
    }

    /// `PUT …/{name}/resume`
    pub async fn resume(&self) -> Result<StatusCode, Refusal> {
        self.api.act(Method::PUT, &self.path("/resume")).await
    }

    /// `PUT …/{name}/stop`
    pub async fn stop(&self) -> Result<StatusCode, Refusal> {
        self.api.act(Method::PUT, &self.path("/stop")).await
    }

    /// `GET …/{name}/offsets`
    pub async fn offsets(&self) -> Result<ConnectorOffsets, Refusal> {
        self.api.get(&self.path("/offsets")).await
    }

    /// `PATCH …/{name}/offsets`
    pub async fn alter_offsets(
        &self,
        offsets: &ConnectorOffsets,
    ) -> Result<OffsetsChanged, Refusal> {
        self.api.patch(&self.path("/offsets"), offsets).await
    }

    /// `PUT …/{name}/owner`: `None` leaves it unowned.
    pub async fn set_owner(&self, tenant: Option<&str>) -> Result<StatusCode, Refusal> {
        let body = SetOwner {
            tenant: tenant.map(str::to_owned),
        };
        self.api
            .send_json(Method::PUT, &self.path("/owner"), &body)
            .await
            .done()
    }
}
