//! Console users. Passwords arrive here already hashed (argon2id, see `auth::password`).

use sluice_shared::policy::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};
use crate::clock::now_ms;

#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub tenant_id: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
}

impl std::fmt::Debug for User {
    // The hash is not a password, but it is an offline-guessing target: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("tenant_id", &self.tenant_id)
            .field("disabled", &self.disabled)
            .finish()
    }
}

/// Appended to a statement on the user whose id is the placeholder `id`: it applies only if
/// that user is not an enabled admin, or another enabled admin remains.
fn another_admin_remains(id: &str) -> String {
    format!(
        " AND (role <> 'admin' OR disabled <> 0 OR EXISTS (SELECT 1 FROM users other \
         WHERE other.role = 'admin' AND other.disabled = 0 AND other.id <> {id}))"
    )
}

const COLUMNS: &str = "id, username, password_hash, role, tenant_id, disabled, created_at";

fn from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        password_hash: row.try_get("password_hash")?,
        role: Role::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        tenant_id: row.try_get("tenant_id")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        role: Role,
        tenant_id: Option<&str>,
    ) -> Result<User, StoreError> {
        let user = User {
            id: uuid::Uuid::new_v4().to_string(),
            username: username.to_owned(),
            password_hash: password_hash.to_owned(),
            role,
            tenant_id: tenant_id.map(str::to_owned),
            disabled: false,
            created_at: now_ms(),
        };
        sqlx::query(&format!(
            "INSERT INTO users ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(&user.id)
        .bind(&user.username)
        .bind(&user.password_hash)
        .bind(user.role.as_str())
        .bind(user.tenant_id.as_deref())
        .bind(0_i64)
        .bind(user.created_at)
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::from(e).duplicate_as(format!("user {username}")))?;
        Ok(user)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY username"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// Sets a user's role, tenant and disabled flag. Refuses (answers `false`, changes nothing)
    /// when that would leave no enabled admin: the check and the write are one statement, so
    /// two admins demoting each other at once on SQLite cannot both succeed. (On PostgreSQL two
    /// such statements racing on different rows could; demotions are rare, hand-made changes.)
    pub async fn update_user(
        &self,
        id: &str,
        role: Role,
        tenant: Option<&str>,
        disabled: bool,
    ) -> Result<bool, StoreError> {
        let mut sql =
            String::from("UPDATE users SET role = $1, tenant_id = $2, disabled = $3 WHERE id = $4");
        if role != Role::Admin || disabled {
            sql.push_str(&another_admin_remains("$4"));
        }
        let done = sqlx::query(&sql)
            .bind(role.as_str())
            .bind(tenant)
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a user (their sessions go with them). `Ok(false)` when there is no such user or
    /// they are the last enabled admin, checked in the same statement as in `update_user`.
    pub async fn delete_user(&self, id: &str) -> Result<bool, StoreError> {
        let sql = format!(
            "DELETE FROM users WHERE id = $1{}",
            another_admin_remains("$1")
        );
        let done = sqlx::query(&sql).bind(id).execute(&self.pool).await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn set_password_hash(
        &self,
        user_id: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
