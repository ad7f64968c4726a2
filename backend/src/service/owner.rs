//! Giving a connector to a tenant, or making it unowned.

use sluice_shared::admin::SetOwner;

use super::target::Target;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;

/// Records the new owner of a connector that exists in Connect (the target was authorized
/// for `AssignOwnership`), audited with the old and new owner.
pub async fn set_owner(
    state: &AppState,
    caller: &Caller,
    t: &Target,
    req: &SetOwner,
) -> Result<(), AppError> {
    let (cluster, name) = (t.cluster.id.as_str(), t.name.as_str());
    t.cluster
        .client
        .connector(&t.name)
        .await
        .map_err(t.connect_error())?;
    if let Some(tenant) = &req.tenant
        && state.store.tenant(tenant).await?.is_none()
    {
        return Err(AppError::Invalid {
            field: "tenant",
            message: format!("no tenant `{tenant}`"),
        });
    }
    let mut entry = caller.audit_connector(
        "set_owner",
        cluster,
        name,
        req.tenant.clone().or(t.owner.clone()),
    );
    entry.detail = Some(serde_json::json!({"from": t.owner, "to": req.tenant}).to_string());
    state
        .store
        .change_owner(cluster, name, req.tenant.as_deref(), &entry)
        .await?;
    Ok(())
}
