//! The first start: with no users at all, create `admin` with the password from
//! `SLUICE_ADMIN_PASSWORD`, or a generated one printed once on the terminal.

use secrecy::{ExposeSecret, SecretString};
use sluice_shared::policy::Role;

use super::{password, token};
use crate::store::Store;

pub const FIRST_ADMIN: &str = "admin";

pub async fn ensure_admin(store: &Store, configured: Option<&SecretString>) -> anyhow::Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let (secret, generated) = match configured {
        Some(p) => (p.expose_secret().to_owned(), false),
        None => (token::random_token()[..20].to_owned(), true),
    };
    let hash = password::hash(secret.clone()).await?;
    store
        .create_user(FIRST_ADMIN, &hash, Role::Admin, None)
        .await?;
    tracing::info!(user = FIRST_ADMIN, "created the first admin");
    if generated {
        // Printed on the terminal for the person starting Sluice, never sent to the log.
        eprintln!(
            "\n  First start: created user `{FIRST_ADMIN}` with one-time password  {secret}\n  (set SLUICE_ADMIN_PASSWORD to choose it instead)\n"
        );
    }
    Ok(())
}
